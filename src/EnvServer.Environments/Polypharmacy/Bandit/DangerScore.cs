namespace EnvServer.Environments.Polypharmacy.Bandit;

/// <summary>
/// How well a set of combinations flagged as dangerous matches the truth: precision (flagged that are
/// dangerous), recall (dangerous that are flagged: the share of dangerous combinations found) and the
/// share of the hidden patterns flagged, as Larouche et al. report them. Precision is 0 when nothing is
/// flagged, as in their code.
/// </summary>
public sealed record DangerScore(int Flagged, int TruePositives, int Dangerous, int PatternsFlagged, int Patterns)
{
    public double Precision => Flagged == 0 ? 0 : (double)TruePositives / Flagged;

    public double Recall => Dangerous == 0 ? 0 : (double)TruePositives / Dangerous;

    public double PatternsFound => (double)PatternsFlagged / Patterns;

    /// <summary>Scores distinct flagged indices; repeated indices count once.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is not a combination or pattern of the data set.</exception>
    public static DangerScore Of(CombinationDataset dataset, IEnumerable<int> flaggedCombinations, IEnumerable<int> flaggedPatterns)
    {
        var combinations = flaggedCombinations.Distinct().ToArray();
        var patterns = flaggedPatterns.Distinct().ToArray();
        foreach (var c in combinations) ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)c, (uint)dataset.Combinations.Count, nameof(flaggedCombinations));
        foreach (var p in patterns) ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)p, (uint)dataset.Patterns.Count, nameof(flaggedPatterns));
        return new DangerScore(combinations.Length, combinations.Count(dataset.IsDangerous), dataset.DangerousCount, patterns.Length, dataset.Patterns.Count);
    }
}
