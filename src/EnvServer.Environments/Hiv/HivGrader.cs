namespace EnvServer.Environments.Hiv;

/// <summary>
/// The grade of an episode from its undiscounted return R, on the log scale of the benchmark's grading
/// thresholds: s = (log10 R − log10 R_never) / (log10 R_top − log10 R_never), clipped by the caller to
/// [0.001, 0.999]. Never treating the default patient (R_never) scores 0 (clipped to 0.001), a return of
/// R_top = 5e10 scores 1; the benchmark's intermediate thresholds 1e8, 1e9, 1e10 and 2e10 score about 0.35,
/// 0.59, 0.83 and 0.90. A return ≤ 0 scores 0.
/// </summary>
public static class HivGrader
{
    /// <summary>R_never: the return of never treating the default patient for 200 steps (the fidelity anchor).</summary>
    public const double NeverTreatReturn = 3_432_807.680391572;

    /// <summary>R_top: the benchmark's highest grading threshold.</summary>
    public const double TopReturn = 5e10;

    /// <summary>The unclipped score of a return.</summary>
    public static double Score(double episodeReturn)
    {
        if (!(episodeReturn > 0)) return 0.0;
        var floor = Math.Log10(NeverTreatReturn);
        return (Math.Log10(episodeReturn) - floor) / (Math.Log10(TopReturn) - floor);
    }
}
