namespace EnvServer.Training.Federated;

/// <summary>
/// Central differential privacy with fixed clipping (Geyer et al. 2017; Flower's DifferentialPrivacyServerSideFixedClipping):
/// each client's update w_k − w is scaled down to an L2 norm of at most C before aggregation, and Gaussian noise of
/// standard deviation σ·C/K (K clients in the round) is added to every aggregated weight. The guarantee assumes equal
/// client weights (FedAvg with equal example counts, as the PPO clients report); the observation statistics are not noised.
/// Noise is drawn from a seeded generator for reproducible experiments; a deployment would use a cryptographic source.
/// </summary>
internal sealed class DifferentialPrivacy(DifferentialPrivacyOptions options, int seed)
{
    private readonly Random _random = new(seed);

    public DifferentialPrivacyOptions Options => options;

    /// <summary>The update with its difference from <paramref name="global"/> clipped to norm C; true when it was clipped.</summary>
    public (float[][] Weights, bool Clipped) Clip(float[][] global, float[][] weights)
    {
        var sumOfSquares = 0.0;
        for (var t = 0; t < global.Length; t++)
        {
            for (var j = 0; j < global[t].Length; j++) sumOfSquares += Math.Pow((double)weights[t][j] - global[t][j], 2);
        }

        var norm = Math.Sqrt(sumOfSquares);
        if (norm <= options.ClippingNorm) return (weights, false);
        var scale = options.ClippingNorm / norm;
        var clipped = global.Select((g, t) => g.Select((value, j) => (float)(value + scale * ((double)weights[t][j] - value))).ToArray()).ToArray();
        return (clipped, true);
    }

    /// <summary>Adds N(0, (σ·C/K)²) to every weight in place and returns that standard deviation.</summary>
    public double AddNoise(float[][] aggregate, int clients)
    {
        var std = options.NoiseMultiplier * options.ClippingNorm / clients;
        foreach (var tensor in aggregate)
        {
            for (var j = 0; j < tensor.Length; j++) tensor[j] += (float)(std * StandardNormal());
        }

        return std;
    }

    /// <summary>Box–Muller.</summary>
    private double StandardNormal() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}

/// <summary>Differential-privacy settings, reported with every round.</summary>
internal sealed record DifferentialPrivacyOptions
{
    /// <summary>C: the largest L2 norm of one client's update. Default 1.0.</summary>
    public double ClippingNorm { get; init; } = 1.0;

    /// <summary>σ: noise standard deviation in units of C/K. Default 1.0.</summary>
    public double NoiseMultiplier { get; init; } = 1.0;
}
