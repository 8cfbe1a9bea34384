namespace EnvServer.Training.SepsisPrediction;

/// <summary>One feature's mean and standard deviation among the real minority rows and the generated rows.</summary>
internal readonly record struct FeatureMoments(string Feature, double RealMean, double RealSd, double GeneratedMean, double GeneratedSd);

/// <summary>
/// How close the GAN's rows are to the real minority rows: per-feature moments, and the held-out ROC-AUC of a
/// classifier (a random forest) trained to tell real from generated rows; 0.5 means it cannot, 1 means it always can.
/// </summary>
internal sealed record GanFidelity(IReadOnlyList<FeatureMoments> Moments, double TwoSampleAuc, int RowsCompared)
{
    /// <summary>The mean over features of |generated mean − real mean|, in training standard deviations (the rows
    /// are standardised; a ratio to the minority's own sd would explode for a feature nearly constant among them).</summary>
    public double MeanAbsoluteMeanGap => Moments.Average(m => Math.Abs(m.GeneratedMean - m.RealMean));

    /// <summary>The median over features (those that vary among the real minority rows) of generated sd / real sd.</summary>
    public double MedianSdRatio => Moments.Where(m => m.RealSd > 1e-6).Select(m => m.GeneratedSd / m.RealSd).Order().ElementAtOrDefault(Moments.Count(m => m.RealSd > 1e-6) / 2);

    public static GanFidelity Measure(IReadOnlyList<string> names, float[][] real, float[][] generated, int seed)
    {
        var moments = names.Select((name, j) =>
        {
            var (realMean, realSd) = Moment(real, j);
            var (generatedMean, generatedSd) = Moment(generated, j);
            return new FeatureMoments(name, realMean, realSd, generatedMean, generatedSd);
        }).ToList();

        // Equal numbers of each, half of each to train the detector and half to measure it.
        var count = Math.Min(real.Length, generated.Length);
        var random = new Random(seed);
        var realRows = real.OrderBy(_ => random.Next()).Take(count).ToArray();
        var generatedRows = generated.Take(count).ToArray();
        var half = count / 2;
        var train = Table(names, realRows[..half], generatedRows[..half]);
        var test = Table(names, realRows[half..], generatedRows[half..]);
        var detector = Classifier.Train(ClassifierKind.Forest, train, seed);
        var auc = BinaryMetrics.RocAuc(detector.Score(test), test.Labels);
        return new GanFidelity(moments, auc, count);
    }

    private static FeatureTable Table(IReadOnlyList<string> names, float[][] real, float[][] generated) =>
        new(names, [.. real, .. generated], [.. real.Select(_ => true), .. generated.Select(_ => false)], new int[real.Length + generated.Length]);

    private static (double Mean, double Sd) Moment(float[][] rows, int j)
    {
        var mean = rows.Average(row => (double)row[j]);
        return (mean, Math.Sqrt(rows.Average(row => (row[j] - mean) * (row[j] - mean))));
    }
}
