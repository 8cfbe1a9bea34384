using EnvServer.Environments.Schema;

namespace EnvServer.Environments.DrugDose;

/// <summary>The wire shape of drug-dose's actions, observations, info and state.</summary>
internal static class DrugDoseSchemas
{
    public const string ConcentrationField = "concentration";

    public static readonly ObjectSchema Action = new("DrugDoseAction", "One dose per step.",
    [
        // No bounds: an out-of-range dose is clipped, not rejected, as in the seed's Box action space.
        new FieldSchema("dose", FieldType.Number,
            "Dose given at the start of this step, in concentration units; clipped to [0, max_dose] (max_dose = 1 unless reset says otherwise), " +
            "and the clipped value is reported in the observation's dose.")
        {
            Required = true,
        },
    ]);

    public static readonly ObjectSchema Observation = new("DrugDoseObservation",
        "The patient's drug level as the agent can see it: exact in fixed_patient and variable_patient, a sparse noisy plasma assay in pkpd_toxicity.",
    [
        new FieldSchema(ConcentrationField, FieldType.Number,
            "Concentration C in fixed_patient and variable_patient; in pkpd_toxicity the last measured plasma concentration " +
            "(sampled every 4 steps with ±10 % log-normal assay error and carried forward). With the realism options observation_noise, " +
            "missing_rate or measurement_interval: that value measured with noise, or null when not taken this step.") { Required = true, Nullable = true },
        new FieldSchema("dose", FieldType.Number, "Dose given in this step after clipping; 0.0 at reset.") { Required = true },
        new FieldSchema("in_window", FieldType.Boolean,
            "Whether the target concentration (C, or the effect site in pkpd_toxicity) is inside [target_low, target_high].") { Required = true },
        new FieldSchema("measurement_age", FieldType.Integer,
            "Steps since concentration was measured: 0, 1, 2, 3, 0, … in pkpd_toxicity; always 0 otherwise.") { Required = true },
        new FieldSchema("target_low", FieldType.Number, "Lower edge of the therapeutic window (c_min = 2.0).") { Required = true },
        new FieldSchema("target_high", FieldType.Number, "Upper edge of the therapeutic window (c_max = 3.0).") { Required = true },
        new FieldSchema("features", FieldType.NumberArray,
            "Numeric input for learners: [concentration] in fixed_patient and variable_patient (the seed's observation); " +
            "[measured concentration, measurement_age, last dose] in pkpd_toxicity. With a realism measurement option on, the concentration " +
            "is the last one taken and a missing indicator (1.0 when not taken this step) is appended.") { Required = true },
        RealismSchemas.MissingMask("concentration"),
    ]);

    /// <summary>The environment's own metadata keys, added after the common ones (episode_id, step_count, …).</summary>
    public static readonly ObjectSchema Info = new("DrugDoseInfo", "drug-dose's own metadata of each reset and step.",
    [
        new FieldSchema("in_range_pct", FieldType.Number,
            "Percentage of the steps so far with the target concentration in the window (the seed's in_range_pct); 0.0 at reset.") { Required = true },
        new FieldSchema("toxic", FieldType.Boolean,
            "Whether the effect concentration has exceeded the toxic threshold 4.5 (pkpd_toxicity only; always false otherwise).") { Required = true },
    ]);

    public static readonly ObjectSchema State = new("DrugDoseState",
        "The hidden truth of the episode: every concentration and the patient's parameters. Fields a task's model lacks are null.",
    [
        new FieldSchema("concentration", FieldType.Number,
            "True plasma concentration: C in the one-compartment tasks, the central compartment Cc in pkpd_toxicity."),
        new FieldSchema("peripheral", FieldType.Number, "Peripheral compartment Cp (pkpd_toxicity); null otherwise.") { Nullable = true },
        new FieldSchema("effect_site", FieldType.Number,
            "Effect-site concentration Ce, which the window and the toxic threshold judge (pkpd_toxicity); null otherwise.") { Nullable = true },
        new FieldSchema("elimination_rate", FieldType.Number, "Elimination rate per step: k, or k10 in pkpd_toxicity."),
        new FieldSchema("k12", FieldType.Number, "Central → peripheral rate per step (pkpd_toxicity); null otherwise.") { Nullable = true },
        new FieldSchema("k21", FieldType.Number, "Peripheral → central rate per step (pkpd_toxicity); null otherwise.") { Nullable = true },
        new FieldSchema("ke0", FieldType.Number, "Plasma → effect-site equilibration rate per step (pkpd_toxicity); null otherwise.") { Nullable = true },
        new FieldSchema("noise_std", FieldType.Number, "Standard deviation of the additive process noise per step."),
        new FieldSchema("max_dose", FieldType.Number, "Largest dose per step; requests are clipped to [0, max_dose]."),
        new FieldSchema("max_steps", FieldType.Integer, "Horizon: the episode is truncated after this many steps."),
        new FieldSchema("steps_in_window", FieldType.Integer, "Steps so far with the target concentration in the window."),
        new FieldSchema("toxic", FieldType.Boolean, "Whether the effect concentration exceeded the toxic threshold (ends the episode)."),
    ]);
}
