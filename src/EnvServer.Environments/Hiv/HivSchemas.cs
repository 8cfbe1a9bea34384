using EnvServer.Environments.Schema;

namespace EnvServer.Environments.Hiv;

/// <summary>The wire shape of hiv's actions, observations, info and state.</summary>
internal static class HivSchemas
{
    public const string ActionField = "action";

    /// <summary>The observation fields the realism measurement options act on.</summary>
    public static readonly IReadOnlyList<string> MeasuredFields = ["cd4", "viral_load"];

    public static readonly ObjectSchema Action = new("HivAction", "One treatment choice per 5-day step, in the benchmark's order.",
    [
        new FieldSchema(ActionField, FieldType.Integer,
            "Treatment for the next 5 days: 0 none (ε1 = 0, ε2 = 0), 1 protease inhibitor only (ε2 = 0.3), " +
            "2 reverse-transcriptase inhibitor only (ε1 = 0.7), 3 both (ε1 = 0.7, ε2 = 0.3).")
        {
            Required = true,
            Minimum = 0,
            Maximum = 3,
        },
    ]);

    public static readonly ObjectSchema Observation = new("HivObservation",
        "The patient after the step: the full clipped state in default_patient and randomized_patient, only noisy CD4 and viral load in clinical_monitoring. " +
        "The reward is the envelope's reward.",
    [
        new FieldSchema("state", FieldType.NumberArray,
            "Clipped state [T1, T1*, T2, T2*, V, E] (cells or copies per mL), the benchmark's observation; null in clinical_monitoring and with a realism measurement option on.") { Nullable = true, Required = true },
        new FieldSchema("log_state", FieldType.NumberArray,
            "log10 of the clipped state, each value floored at 1e-6 first (the benchmark's logscale observation, finite at 0); null in clinical_monitoring " +
            "and with a realism measurement option on.")
            { Nullable = true, Required = true },
        new FieldSchema("cd4", FieldType.Number,
            "CD4 count T1 + T1* (cells/mL); in clinical_monitoring measured with ±10 % log-normal error. With the realism options observation_noise, " +
            "missing_rate or measurement_interval: that value measured with noise, or null when not taken this step.") { Minimum = 0, Required = true, Nullable = true },
        new FieldSchema("viral_load", FieldType.Number,
            "Viral load V (copies/mL); in clinical_monitoring measured with 0.15 log10 log-normal error. Realism options as cd4.") { Minimum = 0, Required = true, Nullable = true },
        new FieldSchema("action", FieldType.Integer, "Action of this step (0 at reset).") { Minimum = 0, Maximum = 3, Required = true },
        new FieldSchema("rti_efficacy", FieldType.Number, "ε1 applied in this step: 0.0 or 0.7.") { Minimum = 0, Maximum = 1, Required = true },
        new FieldSchema("pi_efficacy", FieldType.Number, "ε2 applied in this step: 0.0 or 0.3.") { Minimum = 0, Maximum = 1, Required = true },
        new FieldSchema("features", FieldType.NumberArray,
            "Numeric input for learners: log_state in default_patient and randomized_patient; [log10 cd4, log10 viral_load] (floored at 1e-6) in clinical_monitoring; " +
            "with a realism measurement option on, [log10 last cd4 taken, log10 last viral_load taken, cd4 missing, viral_load missing] in every task.")
            { Required = true },
        RealismSchemas.MissingMask("cd4, viral_load"),
    ]);

    /// <summary>hiv's own metadata keys, after the common ones.</summary>
    public static readonly ObjectSchema Info = new("HivInfo", "hiv's own metadata of each reset and step.",
    [
        new FieldSchema("integrator", FieldType.String, "Integrator of the episode: reference or fast.") { AllowedValues = ["reference", "fast"] },
        new FieldSchema("cohort", FieldType.String, "Cohort the patient was drawn from, null for the task's patient.") { Nullable = true },
    ]);

    public static readonly ObjectSchema State = new("HivState",
        "The hidden truth: the clipped state, the patient's parameters and the episode's settings.",
    [
        new FieldSchema("t1", FieldType.Number, "T1, healthy CD4+ T cells per mL (clipped)."),
        new FieldSchema("t1_star", FieldType.Number, "T1*, infected CD4+ T cells per mL."),
        new FieldSchema("t2", FieldType.Number, "T2, healthy macrophages per mL."),
        new FieldSchema("t2_star", FieldType.Number, "T2*, infected macrophages per mL."),
        new FieldSchema("v", FieldType.Number, "V, free virions per mL."),
        new FieldSchema("e", FieldType.Number, "E, HIV-specific cytotoxic effector cells per mL."),
        new FieldSchema("k1", FieldType.Number, "k1, infection rate of T1 cells (mL/virion/day)."),
        new FieldSchema("k2", FieldType.Number, "k2, infection rate of T2 cells (mL/virion/day)."),
        new FieldSchema("f", FieldType.Number, "f, RTI efficacy reduction in T2 cells."),
        new FieldSchema("lambda1", FieldType.Number, "λ1, T1 production (cells/mL/day)."),
        new FieldSchema("cohort", FieldType.String, "Cohort of the patient, null for the task's patient.") { Nullable = true },
        new FieldSchema("integrator", FieldType.String, "reference or fast."),
        new FieldSchema("initial_state", FieldType.String, "unhealthy, healthy or uninfected."),
        new FieldSchema("max_steps", FieldType.Integer, "Horizon: truncated after this many steps."),
        new FieldSchema("early_termination", FieldType.Boolean, "Whether clinical stability ends the episode."),
        new FieldSchema("stable_steps", FieldType.Integer, "Consecutive steps the patient has been clinically stable."),
        new FieldSchema("derivative_evaluations", FieldType.Integer, "Model evaluations of the integrator so far in the episode: right-hand sides, plus one per Jacobian in the fast mode (7 per Rosenbrock step)."),
    ]);
}
