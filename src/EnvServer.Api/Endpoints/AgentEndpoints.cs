using System.Text.Json;
using EnvServer.Api.Agents;
using EnvServer.Api.Protocol;
using EnvServer.Api.Validation;
using EnvServer.Environments.Schema;

namespace EnvServer.Api.Endpoints;

/// <summary>
/// POST /agent/suggest <c>{"observation": {...}, "env_id": "polypharmacy", "task_id": "complex_tradeoff"}</c>: the
/// next action for an observation, from the configured model behind guardrails (<see cref="ActionSuggester"/>).
/// env_id defaults to the default environment and task_id to its default task. A malformed request, an unknown
/// environment or task, or an observation that is not one of the environment's is a 422 naming the field.
/// </summary>
internal static class AgentEndpoints
{
    private static readonly JsonObjectValidator Request = new(new ObjectSchema("SuggestRequest", "A suggestion request",
    [
        new FieldSchema("observation", FieldType.Object, "An observation object as reset and step return it") { Required = true },
        new FieldSchema("env_id", FieldType.String, "Environment id; omitted or null means the default environment") { Nullable = true },
        new FieldSchema("task_id", FieldType.String, "Task id; omitted or null means the environment's default task") { Nullable = true },
    ]));

    public static IEndpointRouteBuilder MapAgentSuggestions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/agent/suggest", SuggestAsync).WithTags("agent")
            .WithSummary("Suggest the next action for an observation: the model's, behind schema, action-mask and clinical guardrails");
        return app;
    }

    private static async Task<IResult> SuggestAsync(HttpContext context, EnvironmentCatalog catalog, ActionSuggester suggester)
    {
        using var body = await RequestBody.ReadJsonAsync(context.Request);
        if (body.Error is { } error) return HttpReplies.Invalid([error], body.ErrorStatus);
        if (body.Root is not { } root) return Invalid(new ValidationIssue("missing", [], "Field required"));
        if (Request.Check(root) is { Count: > 0 } issues) return HttpReplies.Invalid(issues.Select(i => i.Under("body")).ToArray());

        var envId = Text(root, "env_id") ?? catalog.Default.Id;
        if (catalog.Find(envId) is not { } served)
        {
            return Invalid(new ValidationIssue("literal_error", ["env_id"], $"Input should be one of {JsonTypes.OneOf(catalog.All.Select(e => e.Id).ToArray())}")
            {
                Input = root.GetProperty("env_id"),
            });
        }

        var taskId = Text(root, "task_id") ?? served.Spec.DefaultTaskId;
        if (served.Spec.FindTask(taskId) is null)
        {
            return Invalid(new ValidationIssue("literal_error", ["task_id"], $"Input should be one of {JsonTypes.OneOf(served.Spec.Tasks.Select(t => t.Id).ToArray())}")
            {
                Input = root.GetProperty("task_id"),
            });
        }

        var observation = root.GetProperty("observation");
        if (suggester.CheckObservation(served, observation) is { Count: > 0 } observationIssues)
        {
            return HttpReplies.Invalid(observationIssues.Select(i => i.Under("body", "observation")).ToArray());
        }

        try
        {
            return TypedResults.Ok(await suggester.SuggestAsync(served, taskId, observation.Clone(), context.RequestAborted));
        }
        catch (Exception nested) when (nested is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // The schema checks top-level fields only; the heuristic and the rules also read nested ones.
            return Invalid(new ValidationIssue("value_error", ["observation"], $"Not a valid {served.Id} observation: {nested.Message}"));
        }
    }

    private static WireResult Invalid(ValidationIssue issue) => HttpReplies.Invalid([issue.Under("body")]);

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
