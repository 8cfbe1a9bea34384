using System.Text.Json;
using System.Text.Json.Nodes;
using EnvServer.Environments.Core;
using static EnvServer.Environments.Core.ActionFields;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// polypharmacy's guardrail <c>critical_drug_stop</c>: never stop a critical drug (warfarin, insulin, ...) without a
/// substitute; the stop becomes a substitution by one of its listed substitutes (preferring one not high-risk and
/// without Beers flags), or the heuristic's action when it has none.
/// </summary>
internal static class PolypharmacySafetyRules
{
    public static readonly IReadOnlyList<SafetyRule> All = [new("critical_drug_stop", CriticalDrugStop)];

    /// <summary>The baseline as a wire policy: <see cref="HeuristicAgent"/>.</summary>
    public static readonly BaselinePolicy Baseline =
        new("polypharmacy/heuristic", o => JsonNode.Parse(new HeuristicAgent().Act(o).ToJson())!.AsObject());

    private static SafetyOverride? CriticalDrugStop(JsonElement observation, JsonObject action)
    {
        if (Text(action, "action_type") != PolypharmacyVocabulary.ProposeIntervention || Text(action, "intervention_type") != PolypharmacyVocabulary.Stop) return null;
        var target = Text(action, "target_drug_id");
        var medication = observation.GetProperty("current_medications").EnumerateArray()
            .FirstOrDefault(m => m.GetProperty("drug_id").GetString() == target);
        if (medication.ValueKind != JsonValueKind.Object || !medication.GetProperty("critical").GetBoolean()) return null;

        var reason = $"{target} is a critical drug: stopping it without a substitute is unsafe";
        var canSubstitute = medication.GetProperty("valid_interventions").EnumerateArray().Any(v => v.GetString() == PolypharmacyVocabulary.Substitute);
        var substitute = canSubstitute
            ? medication.GetProperty("substitutes").EnumerateArray()
                .OrderBy(s => s.GetProperty("high_risk_elderly").GetBoolean())
                .ThenBy(s => s.GetProperty("beers_flags").GetArrayLength())
                .Select(s => s.GetProperty("drug_id").GetString())
                .FirstOrDefault()
            : null;
        if (substitute is null) return new(Baseline.Act(observation), $"{reason}, and it has no valid substitute: the heuristic's action instead");
        var replaced = new JsonObject
        {
            ["action_type"] = PolypharmacyVocabulary.ProposeIntervention,
            ["target_drug_id"] = target,
            ["intervention_type"] = PolypharmacyVocabulary.Substitute,
            ["proposed_new_drug_id"] = substitute,
        };
        if (action["rationale"] is { } rationale) replaced["rationale"] = rationale.DeepClone();
        return new(replaced, $"{reason}: substitute {substitute} instead");
    }
}
