using EnvServer.Environments.Core;

namespace EnvServer.Environments.Sepsis;

/// <summary>The three tasks of sepsis, easiest first; all at horizon <see cref="SepsisReference.Horizon"/>.</summary>
internal static class SepsisTasks
{
    public const string FullState = "full_state";
    public const string ObservedState = "observed_state";
    public const string NoisyMonitoring = "noisy_monitoring";

    public static readonly IReadOnlyList<EnvironmentTask> All =
    [
        new(FullState, "easy", "The full state is observed, diabetic flag included: the exact DP policy is optimal here."),
        new(ObservedState, "medium", "The diabetic flag is hidden (the paper's setting); the rest of the state is observed exactly."),
        new(NoisyMonitoring, "hard",
            "Diabetic flag and glucose hidden; each of HR, SBP and O2 is missing w.p. 0.2 (last reading carried forward) " +
            "and otherwise misread w.p. 0.2 (a uniformly drawn wrong level)."),
    ];
}
