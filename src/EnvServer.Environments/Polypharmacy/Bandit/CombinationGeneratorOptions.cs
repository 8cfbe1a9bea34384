using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy.Bandit;

/// <summary>
/// The synthetic polypharmacy data set of Larouche et al. (2023): distinct multi-hot combinations of
/// <see cref="Drugs"/> drugs, dangerous patterns with a relative risk (RR), and each combination's RR
/// from its nearest pattern (<see cref="RelativeRiskRule"/>). Defaults are the paper's scale.
/// </summary>
public sealed record CombinationGeneratorOptions
{
    /// <summary>n_rx, drugs that can appear. Default 500.</summary>
    public int Drugs { get; init; } = 500;

    /// <summary>n_combi, distinct combinations in the data set. Default 100,000.</summary>
    public int Combinations { get; init; } = 100_000;

    /// <summary>n_patterns, dangerous patterns. Default 10.</summary>
    public int Patterns { get; init; } = 10;

    /// <summary>mean_rx, mean drugs per combination and per pattern: each drug is in with probability mean_rx / n_rx. Default 8.7.</summary>
    public double MeanDrugs { get; init; } = 8.7;

    /// <summary>Least pattern RR; a pattern's RR is uniform in [min, max]. Default 2.</summary>
    public double PatternMinRisk { get; init; } = 2.0;

    /// <summary>Largest pattern RR. Default 3.</summary>
    public double PatternMaxRisk { get; init; } = 3.0;

    /// <summary>Mean RR of a combination sharing no drug with its nearest pattern. Default 1.</summary>
    public double DisjointMeanRisk { get; init; } = 1.0;

    /// <summary>Standard deviation of that RR. Default 0.05.</summary>
    public double DisjointRiskStd { get; init; } = 0.05;

    /// <summary>Standard deviation of the RR of a combination sharing drugs with its nearest pattern. Default 0.1.</summary>
    public double IntersectingRiskStd { get; init; } = 0.1;

    /// <summary>A combination is dangerous when its RR exceeds this. Default 1.1.</summary>
    public double DangerThreshold { get; init; } = 1.1;

    /// <summary>Throws <see cref="InvalidInputException"/> naming the field (wire names) when the data set cannot be drawn.</summary>
    public void Validate()
    {
        if (Drugs is < 2 or > 4096) throw new InvalidInputException("n_rx", "n_rx must be in [2, 4096].");
        if (Combinations is < 1 or > 1_000_000) throw new InvalidInputException("n_combinations", "n_combinations must be in [1, 1000000].");
        if (Patterns is < 1 or > 1000) throw new InvalidInputException("n_patterns", "n_patterns must be in [1, 1000].");
        if (!(MeanDrugs > 0 && MeanDrugs < Drugs)) throw new InvalidInputException("mean_rx", $"mean_rx must be in (0, n_rx = {Drugs}).");
        if (!(PatternMinRisk >= 0 && PatternMinRisk <= PatternMaxRisk)) throw new InvalidInputException("pattern_min_rr", "pattern_min_rr must be in [0, pattern_max_rr].");
        if (!(DisjointRiskStd >= 0 && IntersectingRiskStd >= 0)) throw new InvalidInputException("std_rr", "RR standard deviations must be non-negative.");
    }
}
