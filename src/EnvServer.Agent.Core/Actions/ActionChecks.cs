using System.Text.Json;

namespace EnvServer.Agent.Core.Actions;

/// <summary>
/// Every check a proposed action passes before it is used: the action schema, then the environment's own action
/// check (<see cref="Environments.Core.EnvironmentSpec.ActionCheck"/>, e.g. polypharmacy's argument rules and action
/// mask). Environments without one accept any schema-valid action.
/// </summary>
internal sealed class ActionChecks(EnvironmentProfile profile)
{
    private readonly ActionSchemaCheck _schema = new(profile.ActionSchema);
    private readonly Func<JsonElement, JsonElement, string?>? _environment = profile.Local?.ActionCheck;

    public ActionProblem? Check(JsonElement observation, JsonElement action)
    {
        if (action.ValueKind != JsonValueKind.Object) return new ActionProblem(ActionProblem.Schema, "the action must be a JSON object");
        return _schema.Check(action)
            ?? (_environment?.Invoke(observation, action) is { } problem ? new ActionProblem(ActionProblem.ActionMask, problem) : null);
    }
}
