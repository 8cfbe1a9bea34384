namespace EnvServer.Training.SepsisPrediction;

/// <summary>
/// One patient's ICU stay: per hour the 40 values of <see cref="PsvFormat.Columns"/> before the label (NaN where not
/// measured) and the hour's SepsisLabel.
/// </summary>
/// <param name="Id">The file name without extension (p000001), unique in a cohort.</param>
/// <param name="Source">The file it was read from, for messages.</param>
/// <param name="Values">Per hour the 40 values before the label, NaN where not measured.</param>
/// <param name="Labels">Per hour the SepsisLabel, 0 or 1.</param>
internal sealed record PatientStay(string Id, string Source, double[][] Values, int[] Labels)
{
    public int Hours => Labels.Length;

    /// <summary>A patient is septic when any hour is labelled; the label turns 1 six hours before clinical onset.</summary>
    public bool IsSeptic => Array.IndexOf(Labels, 1) >= 0;
}
