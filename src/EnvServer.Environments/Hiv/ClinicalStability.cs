namespace EnvServer.Environments.Hiv;

/// <summary>
/// The optional early-termination criterion (reset option early_termination, off by default): the patient is
/// clinically stable when, after a step, viral load V ≤ 1,000 copies/mL, infected CD4 cells T1* ≤ 100 cells/mL
/// and the CD4 count T1 + T1* ≥ 500,000 cells/mL (500 cells/µL, the usual threshold of immune recovery), and the
/// episode terminates once that has held for <see cref="RequiredSteps"/> consecutive steps (50 days). The
/// benchmark's "healthy" steady state (V = 415, T1* = 76, T1 = 967,839) meets it. Because the return (and so the
/// grade) accumulates S·E every step, ending early lowers the grade: the option is for training experiments, not
/// for graded evaluation.
/// </summary>
internal static class ClinicalStability
{
    public const double MaxViralLoad = 1000.0;
    public const double MaxInfectedT1 = 100.0;
    public const double MinCd4 = 500_000.0;
    public const int RequiredSteps = 10;

    public static bool IsStable(in HivState state) =>
        state.V <= MaxViralLoad && state.T1Star <= MaxInfectedT1 && state.Cd4 >= MinCd4;
}
