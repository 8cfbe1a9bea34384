using System.Text.Json;
using System.Text.Json.Nodes;
using EnvServer.Environments.Core;
using static EnvServer.Environments.Core.ActionFields;

namespace EnvServer.Environments.Hiv;

/// <summary>
/// hiv's guardrail <c>treatment_interruption</c>: no interruption of therapy while the viral load is above the WHO
/// virological-failure threshold (<see cref="HivBaselinePolicies.ViralLoadThreshold"/>); action 0 becomes 3.
/// </summary>
internal static class HivSafetyRules
{
    public static readonly IReadOnlyList<SafetyRule> All = [new("treatment_interruption", TreatmentInterruption)];

    /// <summary>The baseline as a wire policy.</summary>
    public static readonly BaselinePolicy Baseline =
        new("hiv/clinical_rule", o => new JsonObject { [HivSchemas.ActionField] = HivBaselinePolicies.ClinicalRule(o) });

    private static SafetyOverride? TreatmentInterruption(JsonElement observation, JsonObject action)
    {
        if (observation.GetProperty("viral_load").ValueKind != JsonValueKind.Number) return null;
        var viralLoad = observation.GetProperty("viral_load").GetDouble();
        if (Number(action, HivSchemas.ActionField) != HivAction.None || viralLoad <= HivBaselinePolicies.ViralLoadThreshold) return null;
        return new(new JsonObject { [HivSchemas.ActionField] = HivAction.Both },
            $"the viral load {Format(viralLoad)} copies/mL is above {Format(HivBaselinePolicies.ViralLoadThreshold)} (virological failure): therapy must not be interrupted; both drugs instead");
    }
}
