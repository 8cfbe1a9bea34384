using System.Text.Json;
using System.Text.Json.Nodes;
using EnvServer.Environments.Core;
using static EnvServer.Environments.Core.ActionFields;

namespace EnvServer.Environments.Sepsis;

/// <summary>sepsis's guardrail <c>untreated_hypoxia</c>: never withhold ventilation while oxygen saturation is low.</summary>
internal static class SepsisSafetyRules
{
    public static readonly IReadOnlyList<SafetyRule> All = [new("untreated_hypoxia", UntreatedHypoxia)];

    /// <summary>The baseline as a wire policy.</summary>
    public static readonly BaselinePolicy Baseline =
        new("sepsis/treat_abnormal_vitals", o => new JsonObject { ["action"] = SepsisBaselinePolicies.TreatAbnormalVitals(o) });

    private static SafetyOverride? UntreatedHypoxia(JsonElement observation, JsonObject action)
    {
        var treatment = (int)(Number(action, "action") ?? 0);
        if (observation.GetProperty("percent_o2").GetString() != "low" || (treatment & SepsisAction.VentilationBit) != 0) return null;
        var ventilated = treatment | SepsisAction.VentilationBit;
        return new(new JsonObject { ["action"] = ventilated }, $"oxygen saturation is low: ventilation must not be withheld; action {ventilated} instead");
    }
}
