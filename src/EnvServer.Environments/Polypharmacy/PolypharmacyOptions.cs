using EnvServer.Environments.Schema;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>polypharmacy's own reset options, checked by the server against these schemas before reset.</summary>
internal static class PolypharmacyOptions
{
    public const string RewardMode = "reward_mode";
    public const string PatientIndex = "patient_index";

    public static readonly IReadOnlyList<FieldSchema> Fields =
    [
        new FieldSchema(RewardMode, FieldType.String,
            "\"raw\": the shaped reward (penalties negative); \"clamped\": every step reward clamped to [0.001, 0.999] as the seed PolypharmacyEnv does.")
        {
            AllowedValues = [PolypharmacyRewards.RawMode, PolypharmacyRewards.ClampedMode],
        }.WithDefault(PolypharmacyRewards.RawMode),
        new FieldSchema(PatientIndex, FieldType.Integer,
            "Which of the task's 40 patients (0–39, patients.csv order) to review; omitted or null draws one from the seed.")
        {
            Nullable = true,
            Minimum = 0,
            Maximum = PolypharmacyTasks.PatientsPerTask - 1,
        }.WithDefault(null),
    ];
}
