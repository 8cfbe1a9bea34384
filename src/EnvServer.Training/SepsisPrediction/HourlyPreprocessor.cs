using MathNet.Numerics.Statistics;

namespace EnvServer.Training.SepsisPrediction;

/// <summary>
/// The seed's preprocessing of hourly values, fit on the training patients only: columns missing in more than
/// <c>maxMissing</c> of the training hours are dropped; measured values outside the IQR fences
/// [Q1 − k·IQR, Q3 + k·IQR] of the training values are clipped to the fence (not removed: removing would cut holes into
/// the time series); within a stay the last measurement is carried forward; what is still missing takes the training
/// median.
/// </summary>
internal sealed class HourlyPreprocessor
{
    private HourlyPreprocessor(int[] kept, double[] missingShare, double[] lower, double[] upper, double[] medians)
    {
        KeptColumns = kept;
        MissingShare = missingShare;
        Lower = lower;
        Upper = upper;
        Medians = medians;
    }

    /// <summary>Indices into <see cref="PsvFormat.Columns"/> of the columns kept, in order.</summary>
    public int[] KeptColumns { get; }

    /// <summary>Per column of the file, the share of training hours without a value.</summary>
    public double[] MissingShare { get; }

    /// <summary>Per kept column, the clipping fences (infinite where the column is not clipped).</summary>
    public double[] Lower { get; }

    public double[] Upper { get; }

    /// <summary>Per kept column, the median of the clipped training measurements.</summary>
    public double[] Medians { get; }

    public IEnumerable<string> KeptNames => KeptColumns.Select(column => PsvFormat.Columns[column]);

    public IEnumerable<string> DroppedNames => Enumerable.Range(0, PsvFormat.ValueCount).Except(KeptColumns).Select(column => PsvFormat.Columns[column]);

    public static HourlyPreprocessor Fit(IReadOnlyList<PatientStay> training, double maxMissing, double iqrFactor)
    {
        var hours = training.Sum(stay => stay.Hours);
        var missingShare = new double[PsvFormat.ValueCount];
        var kept = new List<int>();
        var lower = new List<double>();
        var upper = new List<double>();
        var medians = new List<double>();
        for (var column = 0; column < PsvFormat.ValueCount; column++)
        {
            var measured = training.SelectMany(stay => stay.Values).Select(hour => hour[column]).Where(value => !double.IsNaN(value)).ToArray();
            missingShare[column] = 1 - (double)measured.Length / hours;
            if (measured.Length == 0 || missingShare[column] > maxMissing) continue;

            Array.Sort(measured);
            var (low, high) = (double.NegativeInfinity, double.PositiveInfinity);
            // R7: the linear interpolation that numpy and pandas use by default (the seed is a pandas notebook).
            var q1 = SortedArrayStatistics.QuantileCustom(measured, 0.25, QuantileDefinition.R7);
            var q3 = SortedArrayStatistics.QuantileCustom(measured, 0.75, QuantileDefinition.R7);
            // A column whose quartiles coincide (mostly one value) has no spread to judge outliers by.
            if (!PsvFormat.NotClipped.Contains(PsvFormat.Columns[column]) && q3 > q1) (low, high) = (q1 - iqrFactor * (q3 - q1), q3 + iqrFactor * (q3 - q1));
            kept.Add(column);
            lower.Add(low);
            upper.Add(high);
            medians.Add(SortedArrayStatistics.Median(measured.Select(value => Math.Clamp(value, low, high)).ToArray()));
        }

        return new HourlyPreprocessor([.. kept], missingShare, [.. lower], [.. upper], [.. medians]);
    }

    /// <returns>Per hour, the kept columns clipped, carried forward and imputed: no NaN left.</returns>
    public double[][] Transform(PatientStay stay)
    {
        var result = new double[stay.Hours][];
        var last = new double[KeptColumns.Length];
        Array.Fill(last, double.NaN);
        for (var hour = 0; hour < stay.Hours; hour++)
        {
            var row = result[hour] = new double[KeptColumns.Length];
            for (var i = 0; i < KeptColumns.Length; i++)
            {
                var value = stay.Values[hour][KeptColumns[i]];
                if (!double.IsNaN(value)) last[i] = Math.Clamp(value, Lower[i], Upper[i]);
                row[i] = double.IsNaN(last[i]) ? Medians[i] : last[i];
            }
        }

        return result;
    }
}
