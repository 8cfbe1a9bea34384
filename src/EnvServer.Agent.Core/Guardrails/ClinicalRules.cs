using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnvServer.Agent.Core.Baselines;
using EnvServer.Environments.Hiv;

namespace EnvServer.Agent.Core.Guardrails;

/// <summary>A guardrail that fired: which rule, and why the suggestion was replaced.</summary>
public sealed record GuardrailHit(string Rule, string Reason);

/// <summary>A clinical rule a suggestion must keep; it returns the safer action and the reason when the suggestion breaks it.</summary>
internal sealed record ClinicalRule(string Name, Func<JsonElement, JsonObject, (JsonObject Action, string Reason)?> Check);

/// <summary>
/// The clinical rules of /agent/suggest, applied after the schema and mask checks, in order, each to the action the
/// previous ones left:
/// <list type="bullet">
/// <item>polypharmacy <c>critical_drug_stop</c>: never stop a critical drug (warfarin, insulin, ...) without a
/// substitute; the stop becomes a substitution by one of its listed substitutes (preferring one not high-risk and
/// without Beers flags), or the heuristic's action when it has none.</item>
/// <item>drug-dose <c>dose_above_window</c>: no dose while the concentration is at or above the window's upper edge.</item>
/// <item>hiv <c>treatment_interruption</c>: no interruption of therapy while the viral load is above the WHO
/// virological-failure threshold (<see cref="HivBaselinePolicies.ViralLoadThreshold"/>); action 0 becomes 3.</item>
/// <item>sepsis <c>untreated_hypoxia</c>: never withhold ventilation while oxygen saturation is low.</item>
/// </list>
/// </summary>
public static class ClinicalRules
{
    private static readonly Dictionary<string, ClinicalRule[]> ByEnvironment = new(StringComparer.Ordinal)
    {
        ["polypharmacy"] = [new("critical_drug_stop", CriticalDrugStop)],
        ["drug-dose"] = [new("dose_above_window", DoseAboveWindow)],
        ["hiv"] = [new("treatment_interruption", TreatmentInterruption)],
        ["sepsis"] = [new("untreated_hypoxia", UntreatedHypoxia)],
    };

    /// <summary>Applies the environment's rules to a schema- and mask-valid action.</summary>
    public static (JsonObject Action, IReadOnlyList<GuardrailHit> Hits) Apply(string environmentId, JsonElement observation, JsonObject action)
    {
        var hits = new List<GuardrailHit>();
        foreach (var rule in ByEnvironment.GetValueOrDefault(environmentId) ?? [])
        {
            if (rule.Check(observation, action) is not { } replaced) continue;
            hits.Add(new GuardrailHit(rule.Name, replaced.Reason));
            action = replaced.Action;
        }

        return (action, hits);
    }

    private static (JsonObject, string)? CriticalDrugStop(JsonElement observation, JsonObject action)
    {
        if (Text(action, "action_type") != "propose_intervention" || Text(action, "intervention_type") != "stop") return null;
        var target = Text(action, "target_drug_id");
        var medication = observation.GetProperty("current_medications").EnumerateArray()
            .FirstOrDefault(m => m.GetProperty("drug_id").GetString() == target);
        if (medication.ValueKind != JsonValueKind.Object || !medication.GetProperty("critical").GetBoolean()) return null;

        var reason = $"{target} is a critical drug: stopping it without a substitute is unsafe";
        var canSubstitute = medication.GetProperty("valid_interventions").EnumerateArray().Any(v => v.GetString() == "substitute");
        var substitute = canSubstitute
            ? medication.GetProperty("substitutes").EnumerateArray()
                .OrderBy(s => s.GetProperty("high_risk_elderly").GetBoolean())
                .ThenBy(s => s.GetProperty("beers_flags").GetArrayLength())
                .Select(s => s.GetProperty("drug_id").GetString())
                .FirstOrDefault()
            : null;
        if (substitute is null) return (BaselinePolicy.For("polypharmacy")!.Act(observation), $"{reason}, and it has no valid substitute: the heuristic's action instead");
        var replaced = new JsonObject
        {
            ["action_type"] = "propose_intervention",
            ["target_drug_id"] = target,
            ["intervention_type"] = "substitute",
            ["proposed_new_drug_id"] = substitute,
        };
        if (action["rationale"] is { } rationale) replaced["rationale"] = rationale.DeepClone();
        return (replaced, $"{reason}: substitute {substitute} instead");
    }

    private static (JsonObject, string)? DoseAboveWindow(JsonElement observation, JsonObject action)
    {
        var concentration = observation.GetProperty("concentration").GetDouble();
        var high = observation.GetProperty("target_high").GetDouble();
        if (Number(action, "dose") is not > 0 || concentration < high) return null;
        return (new JsonObject { ["dose"] = 0.0 },
            $"the concentration {Format(concentration)} is at or above the window's upper edge {Format(high)}: a further dose risks toxicity; dose 0 instead");
    }

    private static (JsonObject, string)? TreatmentInterruption(JsonElement observation, JsonObject action)
    {
        var viralLoad = observation.GetProperty("viral_load").GetDouble();
        if (Number(action, "action") != 0 || viralLoad <= HivBaselinePolicies.ViralLoadThreshold) return null;
        return (new JsonObject { ["action"] = 3 },
            $"the viral load {Format(viralLoad)} copies/mL is above {Format(HivBaselinePolicies.ViralLoadThreshold)} (virological failure): therapy must not be interrupted; both drugs instead");
    }

    private static (JsonObject, string)? UntreatedHypoxia(JsonElement observation, JsonObject action)
    {
        var treatment = (int)(Number(action, "action") ?? 0);
        if (observation.GetProperty("percent_o2").GetString() != "low" || (treatment & 2) != 0) return null;
        return (new JsonObject { ["action"] = treatment | 2 }, $"oxygen saturation is low: ventilation must not be withheld; action {treatment | 2} instead");
    }

    private static string? Text(JsonObject action, string name) =>
        action[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static double? Number(JsonObject action, string name) =>
        action[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.Deserialize<double>() : null;

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
