using System.Text.Json;
using EnvServer.Agent.Core.Baselines;
using EnvServer.Api.Agents;
using EnvServer.Api.Protocol;
using EnvServer.Api.Validation;
using EnvServer.Environments.Schema;

namespace EnvServer.Api.Endpoints;

/// <summary>
/// POST /agent/suggest <c>{"observation": {...}, "env_id": "polypharmacy", "task_id": "complex_tradeoff"}</c>: the
/// next action for an observation, from the configured model behind guardrails (<see cref="ActionSuggester"/>).
/// POST /agent/baseline takes the same body and answers with the environment's documented baseline alone, model or
/// not, so that a client (the web console's "Run policy") can let the baseline play whatever the server is configured with.
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
        app.MapPost("/agent/baseline", BaselineAsync).WithTags("agent")
            .WithSummary("The environment's heuristic baseline action for an observation (no model involved)");
        return app;
    }

    private static async Task<IResult> SuggestAsync(HttpContext context, EnvironmentCatalog catalog, ActionSuggester suggester)
    {
        var (request, error) = await ReadAsync(context, catalog, suggester);
        if (request is null) return error!;
        try
        {
            return TypedResults.Ok(await suggester.SuggestAsync(request.Served, request.TaskId, request.Observation, context.RequestAborted));
        }
        catch (Exception nested) when (IsNestedFieldError(nested))
        {
            return NotAnObservation(request.Served, nested);
        }
    }

    private static async Task<IResult> BaselineAsync(HttpContext context, EnvironmentCatalog catalog, ActionSuggester suggester)
    {
        var (request, error) = await ReadAsync(context, catalog, suggester);
        if (request is null) return error!;
        if (BaselinePolicy.For(request.Served.Id) is not { } baseline)
        {
            return Invalid(new ValidationIssue("value_error", ["env_id"], $"{request.Served.Id} has no baseline policy"));
        }

        try
        {
            return TypedResults.Ok(new BaselineResponse(request.Served.Id, request.TaskId, baseline.Act(request.Observation), baseline.Name));
        }
        catch (Exception nested) when (IsNestedFieldError(nested))
        {
            return NotAnObservation(request.Served, nested);
        }
    }

    /// <summary>The checked request, or the 422 (or 400/413) that answers it.</summary>
    private static async Task<(AgentRequest? Request, IResult? Error)> ReadAsync(HttpContext context, EnvironmentCatalog catalog, ActionSuggester suggester)
    {
        using var body = await RequestBody.ReadJsonAsync(context.Request);
        if (body.Error is { } error) return (null, HttpReplies.Invalid([error], body.ErrorStatus));
        if (body.Root is not { } root) return (null, Invalid(new ValidationIssue("missing", [], "Field required")));
        if (Request.Check(root) is { Count: > 0 } issues) return (null, HttpReplies.Invalid(issues.Select(i => i.Under("body")).ToArray()));

        var envId = Text(root, "env_id") ?? catalog.Default.Id;
        if (catalog.Find(envId) is not { } served)
        {
            return (null, Invalid(new ValidationIssue("literal_error", ["env_id"], $"Input should be one of {JsonTypes.OneOf(catalog.All.Select(e => e.Id).ToArray())}")
            {
                Input = root.GetProperty("env_id"),
            }));
        }

        var taskId = Text(root, "task_id") ?? served.Spec.DefaultTaskId;
        if (served.Spec.FindTask(taskId) is null)
        {
            return (null, Invalid(new ValidationIssue("literal_error", ["task_id"], $"Input should be one of {JsonTypes.OneOf(served.Spec.Tasks.Select(t => t.Id).ToArray())}")
            {
                Input = root.GetProperty("task_id"),
            }));
        }

        var observation = root.GetProperty("observation");
        if (suggester.CheckObservation(served, observation, out var accepted) is { Count: > 0 } observationIssues)
        {
            return (null, HttpReplies.Invalid(observationIssues.Select(i => i.Under("body", "observation")).ToArray()));
        }

        return (new AgentRequest(served, taskId, accepted.Clone()), null);
    }

    /// <summary>
    /// The observation checks (schema and nested checks) run first; should a reader still find a nested field it cannot
    /// read, that is the observation's fault too, a 422, never a 500.
    /// </summary>
    private static bool IsNestedFieldError(Exception error) =>
        error is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException;

    private static WireResult NotAnObservation(ServedEnvironment served, Exception nested) =>
        Invalid(new ValidationIssue("value_error", ["observation"], $"Not a valid {served.Id} observation: {nested.Message}"));

    private static WireResult Invalid(ValidationIssue issue) => HttpReplies.Invalid([issue.Under("body")]);

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record AgentRequest(ServedEnvironment Served, string TaskId, JsonElement Observation);
}

/// <summary>The reply of POST /agent/baseline.</summary>
/// <param name="EnvId">Environment the observation belongs to.</param>
/// <param name="TaskId">Task it was judged under.</param>
/// <param name="Action">The baseline's action.</param>
/// <param name="Policy">Which baseline acted, e.g. <c>hiv/clinical_rule</c>.</param>
internal sealed record BaselineResponse(string EnvId, string TaskId, System.Text.Json.Nodes.JsonObject Action, string Policy);
