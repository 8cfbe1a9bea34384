namespace EnvServer.Environments.Polypharmacy.Bandit;

/// <summary>
/// A generated data set: the combinations and the hidden dangerous patterns as multi-hot rows, each
/// combination's relative risk, and which pattern it was drawn from. Immutable once built.
/// </summary>
public sealed class CombinationDataset
{
    internal CombinationDataset(
        CombinationGeneratorOptions options, long seed, HammingIndex combinations, HammingIndex patterns,
        double[] relativeRisks, double[] patternRisks, int[] nearestPatterns, int[] patternDistances)
    {
        Options = options;
        Seed = seed;
        Combinations = combinations;
        Patterns = patterns;
        RelativeRisks = relativeRisks;
        PatternRisks = patternRisks;
        NearestPatterns = nearestPatterns;
        PatternDistances = patternDistances;
        DangerousCount = relativeRisks.Count(r => r > options.DangerThreshold);
    }

    public CombinationGeneratorOptions Options { get; }

    public long Seed { get; }

    public HammingIndex Combinations { get; }

    public HammingIndex Patterns { get; }

    /// <summary>Each combination's RR (the noiseless truth an observation is centred on).</summary>
    public IReadOnlyList<double> RelativeRisks { get; }

    public IReadOnlyList<double> PatternRisks { get; }

    /// <summary>Each combination's nearest pattern by Hamming distance (lowest index on ties).</summary>
    public IReadOnlyList<int> NearestPatterns { get; }

    /// <summary>Hamming distance from each combination to its nearest pattern.</summary>
    public IReadOnlyList<int> PatternDistances { get; }

    /// <summary>Combinations whose RR exceeds the danger threshold.</summary>
    public int DangerousCount { get; }

    public bool IsDangerous(int combination) => RelativeRisks[combination] > Options.DangerThreshold;
}
