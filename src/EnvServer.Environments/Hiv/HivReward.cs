namespace EnvServer.Environments.Hiv;

/// <summary>
/// The benchmark's reward r = −(Q·V + R1·ε1² + R2·ε2² − S·E), computed on the clipped state before the step
/// (so the first step is rewarded for the starting state). Viral load costs, drugs cost, effector cells pay:
/// an untreated default patient earns about 1.7e4 per step, a patient whose immune system controls the virus
/// (E ≈ 3.5e5) about 3.5e8.
/// </summary>
internal static class HivReward
{
    /// <summary>Q, cost per virion/mL.</summary>
    public const double Q = 0.1;

    /// <summary>R1, cost of ε1² (RTI).</summary>
    public const double R1 = 20000.0;

    /// <summary>R2, cost of ε2² (PI).</summary>
    public const double R2 = 20000.0;

    /// <summary>S, reward per effector cell/mL.</summary>
    public const double S = 1000.0;

    /// <summary>In the benchmark's order of operations, so that the return matches it exactly.</summary>
    public static double Of(in HivState clippedBefore, HivTreatment treatment) =>
        -(Q * clippedBefore.V + R1 * (treatment.Rti * treatment.Rti) + R2 * (treatment.Pi * treatment.Pi) - S * clippedBefore.E);
}
