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
        app.UseSwagger(swagger => swagger.RouteTemplate = "{documentName}.json");
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "docs";
            ui.SwaggerEndpoint($"/{DocumentName}.json", "EnvServer 1.0.0");
        });
        return app;
    }
}
