namespace EnvServer.Training.SepsisPrediction;

/// <summary>The baseline balancer: duplicates randomly drawn minority rows until the ratio is reached.</summary>
internal static class RandomOversampler
{
    /// <summary>How many rows to add so that positives / negatives reaches <paramref name="targetRatio"/> (0 if it already does).</summary>
    public static int RowsToAdd(FeatureTable training, double targetRatio) =>
        Math.Max(0, (int)Math.Round(targetRatio * (training.Count - training.Positives)) - training.Positives);

    public static FeatureTable Balance(FeatureTable training, double targetRatio, int seed)
    {
        var minority = training.Rows(true);
        var random = new Random(seed);
        var added = Enumerable.Range(0, RowsToAdd(training, targetRatio)).Select(_ => minority[random.Next(minority.Length)]).ToList();
        return training.Append(added, true);
    }
}
