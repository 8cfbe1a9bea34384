using System.Text.RegularExpressions;
using EnvServer.Api.Protocol;
using Microsoft.AspNetCore.Rewrite;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EnvServer.Api.Hosting;

/// <summary>
/// /openapi.json (info.version 1.0.0 and paths /reset, /step, /state, ... as `openenv validate --url`
/// requires) and Swagger UI at /docs, by Swashbuckle. Both stay public under API_KEY: they describe the API and hold
/// no session data.
/// </summary>
internal static class OpenApiExtensions
{
    private const string DocumentName = "openapi";
    private const string BearerScheme = "bearer";

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

        // With API_KEY set, the document declares the Bearer scheme, so Swagger UI's Authorize button sends the key.
        builder.Services.AddOptions<SwaggerGenOptions>().Configure<IOptions<ServerOptions>>((swagger, server) =>
        {
            if (server.Value.ApiKey is null) return;
            swagger.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The server's API_KEY, sent as 'Authorization: Bearer <API_KEY>'.",
            });
            swagger.AddSecurityRequirement(document => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
        });
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
