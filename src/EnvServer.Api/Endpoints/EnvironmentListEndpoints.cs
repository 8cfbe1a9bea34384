using System.Text.Json.Nodes;
using EnvServer.Api.Protocol;

namespace EnvServer.Api.Endpoints;

/// <summary>GET /envs: every environment with its tasks and schemas, and where it is mounted.</summary>
internal static class EnvironmentListEndpoints
{
    public static IEndpointRouteBuilder MapEnvironmentList(this IEndpointRouteBuilder app)
    {
        app.MapGet("/envs", List).WithTags("environments").WithSummary("Environments served, with tasks and schemas");
        return app;
    }

    private static JsonObject List(EnvironmentCatalog catalog) => new()
    {
        ["default_env"] = catalog.Default.Id,
        ["environments"] = new JsonArray(catalog.All.Select(Describe).ToArray<JsonNode?>()),
    };

    private static JsonObject Describe(ServedEnvironment served) => new()
    {
        ["id"] = served.Id,
        ["name"] = served.Spec.Name,
        ["description"] = served.Spec.Description,
        ["version"] = served.Spec.Version,
        ["path"] = $"/envs/{served.Id}",
        ["default_task"] = served.Spec.DefaultTaskId,
        ["tasks"] = new JsonArray(served.Spec.Tasks.Select(t => (JsonNode)new JsonObject
        {
            ["id"] = t.Id,
            ["difficulty"] = t.Difficulty,
            ["description"] = t.Description,
        }).ToArray()),
        ["schema"] = served.SchemaDocument.DeepClone(),
        ["view"] = served.Spec.View is { } view ? new JsonObject
        {
            ["console_module"] = view.ConsoleModule,
            ["time_unit"] = view.TimeUnit,
            ["units_per_step"] = view.UnitsPerStep,
            ["log_scale"] = view.LogScale,
            ["series"] = new JsonArray(view.Series.Select(s => (JsonNode)new JsonObject { ["field"] = s.Field, ["label"] = s.Label }).ToArray()),
        } : null,
    };
}
