using EnvServer.Environments.Core;

namespace EnvServer.Environments.DrugDose;

/// <summary>The three tasks of drug-dose, easiest first, and the rules each plays by.</summary>
internal static class DrugDoseTasks
{
    public const string FixedPatient = "fixed_patient";
    public const string VariablePatient = "variable_patient";
    public const string PkpdToxicity = "pkpd_toxicity";

    public static readonly IReadOnlyList<EnvironmentTask> All =
    [
        new(FixedPatient, "easy",
            "The seed's default patient: one compartment, k = 0.05, no noise, concentration observed exactly."),
        new(VariablePatient, "medium",
            "A new one-compartment patient each reset, k ~ U(0.03, 0.08), with additive noise σ = 0.01; the agent must infer k from the response."),
        new(PkpdToxicity, "hard",
            "Two compartments with an effect-site delay and patient variability; the window applies to the effect site, " +
            "plasma is measured only every 4 steps with assay noise, doses cost 0.1 each, and an effect above 4.5 is toxic and ends the episode."),
    ];

    public static TreatmentRules RulesFor(string taskId) =>
        taskId == PkpdToxicity ? TreatmentRules.PkpdToxicity : TreatmentRules.Seed;
}
