using System.Text.Json;

namespace EnvServer.Agent.Core.Actions;

/// <summary>
/// Every check a proposed action passes before it is used: the action schema, then, for polypharmacy, the argument
/// rules and the observation's action mask. Environments with no mask (drug-dose, hiv, sepsis) accept any
/// schema-valid action.
/// </summary>
internal sealed class ActionChecks(EnvironmentProfile profile)
{
    /// <summary>Environment id whose observations carry an <c>action_mask</c> the agent checks.</summary>
    private const string MaskedEnvironment = "polypharmacy";

    private readonly ActionSchemaCheck _schema = new(profile.ActionSchema);

    public ActionProblem? Check(JsonElement observation, JsonElement action)
    {
        if (action.ValueKind != JsonValueKind.Object) return new ActionProblem(ActionProblem.Schema, "the action must be a JSON object");
        return _schema.Check(action)
            ?? (profile.Id == MaskedEnvironment ? PolypharmacyMaskCheck.Check(observation, action) : null);
    }
}
