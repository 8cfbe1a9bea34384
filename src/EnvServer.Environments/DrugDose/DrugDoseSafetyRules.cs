using System.Text.Json;
using System.Text.Json.Nodes;
using EnvServer.Environments.Core;
using static EnvServer.Environments.Core.ActionFields;

namespace EnvServer.Environments.DrugDose;

/// <summary>drug-dose's guardrail <c>dose_above_window</c>: no dose while the observed concentration is at or above the window's upper edge.</summary>
internal static class DrugDoseSafetyRules
{
    public static readonly IReadOnlyList<SafetyRule> All = [new("dose_above_window", DoseAboveWindow)];

    /// <summary>The baseline as a wire policy.</summary>
    public static readonly BaselinePolicy Baseline =
        new("drug-dose/refill_to_mid_window", o => new JsonObject { ["dose"] = DrugDoseBaselinePolicies.RefillToMidWindow(o) });

    private static SafetyOverride? DoseAboveWindow(JsonElement observation, JsonObject action)
    {
        // A missing measurement (realism option missing_rate) gives no reading to judge by.
        if (observation.GetProperty("concentration").ValueKind != JsonValueKind.Number) return null;
        var concentration = observation.GetProperty("concentration").GetDouble();
        var high = observation.GetProperty("target_high").GetDouble();
        if (Number(action, "dose") is not > 0 || concentration < high) return null;
        return new(new JsonObject { ["dose"] = 0.0 },
            $"the concentration {Format(concentration)} is at or above the window's upper edge {Format(high)}: a further dose risks toxicity; dose 0 instead");
    }
}
