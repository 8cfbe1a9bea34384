using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy.Bandit;

/// <summary>
/// One learner's access to a data set: observing a combination returns its RR plus N(0, noise²) noise,
/// the reward of Larouche et al.'s bandit, from this oracle's own noise stream, so a learner's run is
/// reproducible whatever other learners do with the same data set.
/// </summary>
public sealed class CombinationOracle
{
    private readonly Lock _lock = new();
    private readonly SeededRandom _noise;
    private long _observations;

    public CombinationOracle(string id, CombinationDataset dataset, double noiseStd, long noiseSeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(noiseStd);
        Id = id;
        Dataset = dataset;
        NoiseStd = noiseStd;
        _noise = new SeededRandom(noiseSeed);
    }

    public string Id { get; }

    public CombinationDataset Dataset { get; }

    public double NoiseStd { get; }

    public long Observations => Interlocked.Read(ref _observations);

    /// <summary>Noisy RRs of the combinations, in order.</summary>
    public double[] Observe(IReadOnlyList<int> combinations)
    {
        foreach (var c in combinations) ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)c, (uint)Dataset.Combinations.Count, nameof(combinations));
        var risks = new double[combinations.Count];
        lock (_lock)
        {
            for (var i = 0; i < risks.Length; i++) risks[i] = Dataset.RelativeRisks[combinations[i]] + NoiseStd * _noise.Normal();
            _observations += risks.Length;
        }

        return risks;
    }
}
