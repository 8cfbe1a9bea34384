using EnvServer.Environments.Core;
using EnvServer.Environments.Schema;

namespace EnvServer.Environments.DrugDose;

/// <summary>
/// drug-dose's own reset options. The server checks them against these schemas before reset, so the
/// environment reads them without re-validating.
/// </summary>
internal static class DrugDoseOptions
{
    public const string EliminationRate = "elimination_rate";
    public const string NoiseStd = "noise_std";
    public const string InitialConcentration = "initial_concentration";
    public const string MaxDose = "max_dose";
    public const string MaxSteps = "max_steps";

    /// <summary>C0, the seed's empty patient.</summary>
    public const double DefaultInitialConcentration = 0.0;

    /// <summary>Largest dose per step, the seed's default; larger requests are clipped to it.</summary>
    public const double DefaultMaxDose = 1.0;

    /// <summary>Horizon, the seed's default; reaching it truncates the episode.</summary>
    public const int DefaultMaxSteps = 100;

    public static readonly IReadOnlyList<FieldSchema> Fields =
    [
        new FieldSchema(EliminationRate, FieldType.Number,
            "Elimination rate k per step (k10 in pkpd_toxicity), replacing the task's value (0.05 in fixed_patient, drawn from U(0.03, 0.08) otherwise). " +
            "The other patient parameters are still drawn, so a seed keeps naming the same patient apart from this rate.")
        {
            Nullable = true,
            ExclusiveMinimum = 0,
            Maximum = 1,
        }.WithDefault(null),
        new FieldSchema(NoiseStd, FieldType.Number,
            "Standard deviation of the additive Gaussian noise on the (central) concentration per step, replacing the task's value " +
            "(0 in fixed_patient, 0.01 otherwise). The assay error of pkpd_toxicity is not affected.")
        {
            Nullable = true,
            Minimum = 0,
            Maximum = 1,
        }.WithDefault(null),
        new FieldSchema(InitialConcentration, FieldType.Number,
            "Concentration at reset; in pkpd_toxicity it fills plasma and the effect site, and the peripheral compartment starts empty.")
        {
            Minimum = 0,
            Maximum = 100,
        }.WithDefault(DefaultInitialConcentration),
        new FieldSchema(MaxDose, FieldType.Number, "Largest dose per step; larger (and negative) doses are clipped into [0, max_dose].")
        {
            ExclusiveMinimum = 0,
            Maximum = 100,
        }.WithDefault(DefaultMaxDose),
        new FieldSchema(MaxSteps, FieldType.Integer, "Steps after which the episode is truncated; also the grader's horizon.")
        {
            Minimum = 1,
            Maximum = 10000,
        }.WithDefault(DefaultMaxSteps),
        .. Realism.Fields(clock: true),
    ];
}
