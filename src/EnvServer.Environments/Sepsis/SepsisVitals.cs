namespace EnvServer.Environments.Sepsis;

/// <summary>Clinical names of the vitals' levels, as the observation and state write them.</summary>
internal static class SepsisVitals
{
    public static readonly string[] ThreeLevels = ["low", "normal", "high"];

    public static readonly string[] TwoLevels = ["low", "normal"];

    public static readonly string[] GlucoseLevels = ["very_low", "low", "normal", "high", "very_high"];
}
