using EnvServer.Training.NeuralNetworks;

namespace EnvServer.Training.Networks;

/// <summary>
/// Running mean and variance of observations (Gymnasium's RunningMeanStd: parallel update of
/// Chan et al., count starting at 1e-4), used to normalise inputs as CleanRL's NormalizeObservation.
/// </summary>
internal sealed class RunningMeanStd
{
    public const double Epsilon = 1e-8;
    public const float Clip = 10f;

    public RunningMeanStd(int size)
    {
        Mean = new double[size];
        Variance = Enumerable.Repeat(1.0, size).ToArray();
    }

    public RunningMeanStd(double[] mean, double[] variance, double count)
    {
        Mean = mean;
        Variance = variance;
        Count = count;
    }

    public double[] Mean { get; }

    public double[] Variance { get; }

    public double Count { get; private set; } = 1e-4;

    public void Update(Matrix batch)
    {
        var n = batch.Rows;
        if (n == 0) return;
        var total = Count + n;
        for (var k = 0; k < Mean.Length; k++)
        {
            var batchMean = 0.0;
            for (var r = 0; r < n; r++) batchMean += batch[r, k];
            batchMean /= n;
            var batchVariance = 0.0;
            for (var r = 0; r < n; r++) batchVariance += (batch[r, k] - batchMean) * (batch[r, k] - batchMean);
            batchVariance /= n;

            var delta = batchMean - Mean[k];
            var m2 = Variance[k] * Count + batchVariance * n + delta * delta * Count * n / total;
            Mean[k] += delta * n / total;
            Variance[k] = m2 / total;
        }

        Count = total;
    }

    /// <summary>(x − mean)/√(var + ε), clipped to ±10, in place.</summary>
    public void Normalize(Span<float> observation)
    {
        for (var k = 0; k < observation.Length; k++)
        {
            var z = (observation[k] - Mean[k]) / Math.Sqrt(Variance[k] + Epsilon);
            observation[k] = (float)Math.Clamp(z, -Clip, Clip);
        }
    }
}
