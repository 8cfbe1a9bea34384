namespace EnvServer.Training.SepsisPrediction;

/// <summary>
/// The settings of <c>sepsis-prediction</c>, with documented defaults.
/// </summary>
/// <param name="Models">The classifiers to compare (default all four).</param>
/// <param name="Balancings">The balancings to compare (default none, oversample and gan).</param>
/// <param name="Gan">The GAN's settings (<see cref="GanOptions"/>).</param>
/// <param name="MaxMissing">Columns missing in a larger share of training hours are dropped. 0.97 keeps the routinely
/// drawn labs (each missing in about 90–95 % of the real hours) and drops those drawn almost never (troponin,
/// fibrinogen, direct bilirubin, lactate, ...).</param>
/// <param name="IqrFactor">k of the IQR fences [Q1 − k·IQR, Q3 + k·IQR] measured values are clipped to. 3 (Tukey's
/// "far out") rather than 1.5, because the 1.5 fences of a skewed lab clip the very highs that signal sepsis.</param>
/// <param name="Window">Hours of the rolling window whose mean, minimum, maximum and trend describe each vital sign.</param>
/// <param name="ValidationShare">Share of patients (per stratum) that choose the thresholds.</param>
/// <param name="TestShare">Share of patients (per stratum) that the report is measured on.</param>
/// <param name="TargetRatio">Minority to majority rows after balancing (oversample and gan).</param>
/// <param name="Seed">Seeds the split, the balancers, the GAN and the classifiers (and the synthetic cohort).</param>
internal sealed record SepsisPredictionOptions(
    IReadOnlyList<ClassifierKind> Models,
    IReadOnlyList<BalancingKind> Balancings,
    GanOptions Gan,
    double MaxMissing = 0.97,
    double IqrFactor = 3,
    int Window = 6,
    double ValidationShare = 0.2,
    double TestShare = 0.2,
    double TargetRatio = 0.5,
    int Seed = 1)
{
    public static readonly IReadOnlyList<ClassifierKind> AllModels = Enum.GetValues<ClassifierKind>();

    public static readonly IReadOnlyList<BalancingKind> AllBalancings = Enum.GetValues<BalancingKind>();
}
