using EnvServer.Environments.Schema;

namespace EnvServer.Environments.Sepsis;

/// <summary>The wire shape of sepsis's actions, observations, info and state.</summary>
internal static class SepsisSchemas
{
    /// <summary>The vitals the realism options act on, with their number of levels; noisy_monitoring shows the first three.</summary>
    public static readonly IReadOnlyList<(string Name, int Levels)> MeasuredVitals =
    [
        ("heart_rate", SepsisState.HeartRateLevels), ("systolic_bp", SepsisState.SystolicBpLevels),
        ("percent_o2", SepsisState.PercentO2Levels), ("glucose", SepsisState.GlucoseLevels),
    ];

    private const string ThreeLevels = "'low', 'normal' or 'high'";

    public static readonly ObjectSchema Action = new("SepsisAction", "One treatment combination per step.",
    [
        new FieldSchema("action", FieldType.Integer,
            "Treatments to give this step, index = 4·antibiotics + 2·ventilation + vasopressors: 0 none, 1 vasopressors, " +
            "2 ventilation, 3 ventilation + vasopressors, 4 antibiotics, 5 antibiotics + vasopressors, 6 antibiotics + ventilation, 7 all three.")
        {
            Required = true,
            Minimum = 0,
            Maximum = SepsisAction.Count - 1,
        },
    ]);

    public static readonly ObjectSchema Observation = new("SepsisObservation",
        "The patient as the task lets the agent see it: everything in full_state; no diabetic flag in observed_state; " +
        "in noisy_monitoring no diabetic flag or glucose, and monitor readings that may be stale or misread.",
    [
        new FieldSchema("heart_rate", FieldType.String, $"Heart rate: {ThreeLevels} (the monitor's reading in noisy_monitoring); null when not taken (realism option missing_rate).") { Required = true, Nullable = true },
        new FieldSchema("systolic_bp", FieldType.String, $"Systolic blood pressure: {ThreeLevels} (the monitor's reading in noisy_monitoring); null when not taken (realism option missing_rate).") { Required = true, Nullable = true },
        new FieldSchema("percent_o2", FieldType.String, "Oxygen saturation: 'low' or 'normal' (the monitor's reading in noisy_monitoring); null when not taken (realism option missing_rate).") { Required = true, Nullable = true },
        new FieldSchema("glucose", FieldType.String, "Blood glucose: 'very_low', 'low', 'normal', 'high' or 'very_high'; null in noisy_monitoring.")
        {
            Required = true,
            Nullable = true,
        },
        new FieldSchema("antibiotics", FieldType.Boolean, "Antibiotics in effect (given in the last step; false at admission).") { Required = true },
        new FieldSchema("ventilation", FieldType.Boolean, "Mechanical ventilation in effect (given in the last step).") { Required = true },
        new FieldSchema("vasopressors", FieldType.Boolean, "Vasopressors in effect (given in the last step).") { Required = true },
        new FieldSchema("diabetic", FieldType.Boolean, "Whether the patient is diabetic; null (hidden) except in full_state.")
        {
            Required = true,
            Nullable = true,
        },
        new FieldSchema("features", FieldType.NumberArray,
            "Numeric input for learners, 8 values: [heart rate 0–2, systolic BP 0–2, O2 0–1, glucose 0–4, antibiotics, ventilation, " +
            "vasopressors, diabetic] with levels low → high as 0, 1, …, flags as 0/1, and −1.0 for what the task hides. With observation_noise or " +
            "missing_rate on, the levels are the last ones read and a missing indicator per shown vital follows.") { Required = true },
        RealismSchemas.MissingMask("heart_rate, systolic_bp, percent_o2, and glucose where shown"),
    ]);

    /// <summary>The environment's own metadata keys, added after the common ones (episode_id, step_count, …).</summary>
    public static readonly ObjectSchema Info = new("SepsisInfo", "sepsis's own metadata of each reset and step.",
    [
        new FieldSchema("raw_outcome", FieldType.Number,
            "This step's unshaped reward: −1.0 death, +1.0 discharge, 0.0 otherwise (and at reset).") { Required = true },
        new FieldSchema("shaping", FieldType.Number,
            "This step's shaping term F = Φ(s') − Φ(s) (0.0 when shaping is off and at reset); reward = raw_outcome + shaping.") { Required = true },
        new FieldSchema("outcome", FieldType.Integer, "The episode's outcome so far: −1 died, +1 discharged, 0 otherwise (alive, or timed out).") { Required = true },
        new FieldSchema("optimal_value", FieldType.Number,
            "Exact expected outcome (P(discharge) − P(death)) of the DP-optimal full-state policy from admission for this episode's dynamics " +
            "and age group over 20 steps: the optimum in full_state, an upper bound in the other tasks. The expected grade of outcome o is (1 + o)/2.") { Required = true },
    ]);

    public static readonly ObjectSchema State = new("SepsisState",
        "The full state of the patient (hidden diabetic flag and true vitals included), the episode's settings and the reference policy's advice.",
    [
        new FieldSchema("diabetic", FieldType.Boolean, "Whether the patient is diabetic."),
        new FieldSchema("heart_rate", FieldType.String, $"True heart rate: {ThreeLevels}."),
        new FieldSchema("systolic_bp", FieldType.String, $"True systolic blood pressure: {ThreeLevels}."),
        new FieldSchema("percent_o2", FieldType.String, "True oxygen saturation: 'low' or 'normal'."),
        new FieldSchema("glucose", FieldType.String, "True glucose: 'very_low', 'low', 'normal', 'high' or 'very_high'."),
        new FieldSchema("antibiotics", FieldType.Boolean, "Antibiotics in effect."),
        new FieldSchema("ventilation", FieldType.Boolean, "Mechanical ventilation in effect."),
        new FieldSchema("vasopressors", FieldType.Boolean, "Vasopressors in effect."),
        new FieldSchema("abnormal_vitals", FieldType.Integer, "Vitals away from normal (HR, SBP, O2, glucose); 3 or more is death.") { Minimum = 0, Maximum = 4 },
        new FieldSchema("full_state_index", FieldType.Integer,
            "The published code's full-state index, 720·diabetic + 240·HR + 80·SBP + 40·O2 + 8·glucose + 4·antibiotics + 2·vasopressors + ventilation.")
        {
            Minimum = 0,
            Maximum = SepsisState.Count - 1,
        },
        new FieldSchema("dynamics", FieldType.String, "'fixed' or 'original' transition rules."),
        new FieldSchema("age_group", FieldType.String, "'adult' or 'older' treatment responses."),
        new FieldSchema("shaping", FieldType.Boolean, "Whether rewards include the potential-based shaping term."),
        new FieldSchema("max_steps", FieldType.Integer, "Horizon: the episode is truncated after this many steps (20)."),
        new FieldSchema("outcome", FieldType.Integer, "The episode's outcome so far: −1 died, +1 discharged, 0 otherwise."),
        new FieldSchema("optimal_value", FieldType.Number, "Exact expected outcome of the DP-optimal full-state policy from admission (see metadata)."),
        new FieldSchema("reference_action", FieldType.Integer,
            "The DP-optimal full-state policy's action for the current step and state; null once the episode is over.")
        {
            Nullable = true,
        },
        new FieldSchema("reference_value", FieldType.Number,
            "Exact expected outcome of the rest of the episode from here under that policy (its value V_t(s)); null once the episode is over.")
        {
            Nullable = true,
        },
    ]);
}
