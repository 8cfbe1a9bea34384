namespace EnvServer.Environments.Sepsis;

/// <summary>The episode grade before <see cref="Core.Grader.Clip"/>: (1 + outcome) / 2, so death 0, timeout 0.5, discharge 1.</summary>
internal static class SepsisGrader
{
    public static double Score(SepsisOutcome outcome) => (1.0 + (int)outcome) / 2.0;
}
