using System.Text.Json;

namespace EnvServer.Environments.Hiv;

/// <summary>
/// Baseline policies for hiv, as functions from an observation (the JSON object a client receives) to an action
/// index, for workers, evaluations and tests. They read only <c>viral_load</c>, which every task observes, so
/// they also play clinical_monitoring.
/// </summary>
public static class HivBaselinePolicies
{
    /// <summary>
    /// Viral load above which <see cref="ClinicalRule(double)"/> gives both drugs (copies/mL): 1,000, the WHO
    /// threshold of unsuppressed viraemia (virological failure). Below it the rule stops treatment, so on the
    /// model it cycles therapy on and off around that level, a structured treatment interruption.
    /// </summary>
    public const double ViralLoadThreshold = 1000.0;

    /// <summary>Name → policy: never_treat, always_both, clinical_rule.</summary>
    public static readonly IReadOnlyDictionary<string, Func<JsonElement, int>> ByName = new Dictionary<string, Func<JsonElement, int>>
    {
        ["never_treat"] = NeverTreat,
        ["always_both"] = AlwaysBoth,
        ["clinical_rule"] = ClinicalRule,
    };

    /// <summary>Action 0 every step: the benchmark's reference point (the fidelity anchor on the default patient).</summary>
    public static int NeverTreat(JsonElement observation) => HivAction.None;

    /// <summary>Action 3 (RTI and PI) every step.</summary>
    public static int AlwaysBoth(JsonElement observation) => HivAction.Both;

    /// <summary>
    /// Both drugs while the observed viral load exceeds <see cref="ViralLoadThreshold"/>, else none. Without a reading this
    /// step (realism options), the last one taken, from features: log10 viral load is its second entry in every task.
    /// </summary>
    public static int ClinicalRule(JsonElement observation) => ClinicalRule(observation.GetProperty("viral_load") is { ValueKind: JsonValueKind.Number } load
        ? load.GetDouble()
        : Math.Pow(10, observation.GetProperty("features")[1].GetDouble()));

    public static int ClinicalRule(double viralLoad) => viralLoad > ViralLoadThreshold ? HivAction.Both : HivAction.None;
}
