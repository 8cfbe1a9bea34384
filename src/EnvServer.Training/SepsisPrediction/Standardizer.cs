namespace EnvServer.Training.SepsisPrediction;

/// <summary>Centres and scales each feature by the mean and standard deviation of the training rows.</summary>
internal sealed class Standardizer
{
    private Standardizer(double[] means, double[] deviations)
    {
        Means = means;
        Deviations = deviations;
    }

    public double[] Means { get; }

    /// <summary>Per feature the training standard deviation, 1 for a feature constant in training.</summary>
    public double[] Deviations { get; }

    public static Standardizer Fit(FeatureTable training)
    {
        var width = training.Names.Count;
        var means = new double[width];
        var deviations = new double[width];
        for (var j = 0; j < width; j++)
        {
            var column = training.Features.Select(row => (double)row[j]).ToArray();
            means[j] = column.Average();
            var sd = Math.Sqrt(column.Average(value => (value - means[j]) * (value - means[j])));
            deviations[j] = sd > 1e-12 ? sd : 1;
        }

        return new Standardizer(means, deviations);
    }

    public FeatureTable Transform(FeatureTable table) => table with
    {
        Features = table.Features.Select(row => row.Select((value, j) => (float)((value - Means[j]) / Deviations[j])).ToArray()).ToArray(),
    };
}
