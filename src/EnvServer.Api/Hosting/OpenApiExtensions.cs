using System.Text.RegularExpressions;
using EnvServer.Api.Protocol;
using Microsoft.AspNetCore.Rewrite;
using Microsoft.OpenApi;

namespace EnvServer.Api.Hosting;

/// <summary>
/// /openapi.json (info.version 1.0.0 and paths /reset, /step, /state, ... as `openenv validate --url`
/// requires) and Swagger UI at /docs, by Swashbuckle.
/// </summary>
internal static class OpenApiExtensions
{
    private const string DocumentName = "openapi";

    public static WebApplicationBuilder AddOpenApiDocument(this WebApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(swagger => swagger.SwaggerDoc(DocumentName, new OpenApiInfo
        {
            Title = "EnvServer",
            Version = "1.0.0",
            Description = "OpenEnv-compatible server of clinical reinforcement-learning environments. "
                + "The main protocol is the WebSocket at /ws (and /envs/{envId}/ws), which OpenAPI cannot describe.",
        }));
        return builder;
    }

    public static WebApplication MapOpenApiDocument(this WebApplication app)
    {
        // `openenv validate --url http://host/envs/drug-dose` reads /envs/drug-dose/openapi.json: serve the
        // same document there (its paths include the root /reset, /step and /state the validator looks for).
        var ids = app.Services.GetRequiredService<EnvironmentCatalog>().All.Select(e => Regex.Escape(e.Id));
        app.UseRewriter(new RewriteOptions().AddRewrite($@"^envs/({string.Join('|', ids)})/openapi\.json$", $"{DocumentName}.json", skipRemainingRules: true));
        app.UseSwagger(swagger => swagger.RouteTemplate = "{documentName}.json");
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "docs";
            ui.SwaggerEndpoint($"/{DocumentName}.json", "EnvServer 1.0.0");
        });
        return app;
    }
}
