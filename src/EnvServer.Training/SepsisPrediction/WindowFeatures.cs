namespace EnvServer.Training.SepsisPrediction;

/// <summary>
/// Aggregates each patient's preprocessed hours into model rows ("aggregated records by patient ID for time-series
/// compatibility"): for hour t, each vital sign's mean, minimum, maximum and trend (least-squares slope per hour) over
/// the last <c>window</c> hours of the same stay (fewer at the start of a stay), and every other kept column's current
/// value. Only past and present hours enter a row, as a model at the bedside would see them.
/// </summary>
internal static class WindowFeatures
{
    public static IReadOnlyList<string> Names(IEnumerable<string> keptColumns) =>
        keptColumns.SelectMany(column => PsvFormat.Vitals.Contains(column)
            ? new[] { $"{column}_mean", $"{column}_min", $"{column}_max", $"{column}_trend" }
            : [column]).ToList();

    public static FeatureTable Build(IReadOnlyList<PatientStay> stays, HourlyPreprocessor preprocessor, int window)
    {
        if (window < 1) throw new ArgumentException($"--window {window}: at least 1 hour.");
        var kept = preprocessor.KeptNames.ToArray();
        var isVital = kept.Select(PsvFormat.Vitals.Contains).ToArray();
        var features = new List<float[]>();
        var labels = new List<bool>();
        var patients = new List<int>();
        for (var patient = 0; patient < stays.Count; patient++)
        {
            var hours = preprocessor.Transform(stays[patient]);
            for (var t = 0; t < hours.Length; t++)
            {
                var first = Math.Max(0, t - window + 1);
                var row = new List<float>();
                for (var column = 0; column < kept.Length; column++)
                {
                    if (isVital[column]) row.AddRange(Aggregate(hours, column, first, t));
                    else row.Add((float)hours[t][column]);
                }

                features.Add([.. row]);
                labels.Add(stays[patient].Labels[t] == 1);
                patients.Add(patient);
            }
        }

        return new FeatureTable(Names(kept), [.. features], [.. labels], [.. patients]);
    }

    private static float[] Aggregate(double[][] hours, int column, int first, int last)
    {
        var count = last - first + 1;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var t = first; t <= last; t++)
        {
            var value = hours[t][column];
            sum += value;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        var mean = sum / count;
        double covariance = 0, variance = 0;
        var meanTime = (first + last) / 2.0;
        for (var t = first; t <= last; t++)
        {
            covariance += (t - meanTime) * (hours[t][column] - mean);
            variance += (t - meanTime) * (t - meanTime);
        }

        return [(float)mean, (float)min, (float)max, variance > 0 ? (float)(covariance / variance) : 0f];
    }
}
