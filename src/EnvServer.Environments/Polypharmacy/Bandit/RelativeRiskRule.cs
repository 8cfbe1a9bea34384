using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy.Bandit;

/// <summary>
/// The relative risk of a combination given its nearest dangerous pattern (Larouche et al. 2023's
/// simulator): the pattern's own RR on an exact match; N(pattern RR − d/(|c|+|p|), σ_inter) when they
/// share a drug, so the RR fades with the Hamming distance d; N(μ_disjoint, σ_disjoint) when they share
/// none (d = |c| + |p|). Clipped at 0, as a relative risk cannot be negative.
/// </summary>
public static class RelativeRiskRule
{
    /// <param name="combinationSize">|c|, drugs in the combination.</param>
    /// <param name="patternSize">|p|, drugs in its nearest pattern.</param>
    /// <param name="patternRisk">The pattern's relative risk.</param>
    /// <param name="distance">Hamming distance between them.</param>
    /// <param name="options">The noise levels of the data set.</param>
    public static (double Mean, double StandardDeviation) Distribution(
        int combinationSize, int patternSize, double patternRisk, int distance, CombinationGeneratorOptions options)
    {
        if (distance == 0) return (patternRisk, 0);
        var sizes = combinationSize + patternSize;
        return distance == sizes
            ? (options.DisjointMeanRisk, options.DisjointRiskStd)
            : (patternRisk - (double)distance / sizes, options.IntersectingRiskStd);
    }

    public static double Draw(int combinationSize, int patternSize, double patternRisk, int distance, CombinationGeneratorOptions options, SeededRandom random)
    {
        var (mean, std) = Distribution(combinationSize, patternSize, patternRisk, distance, options);
        return std == 0 ? mean : Math.Max(0, random.Normal(mean, std));
    }
}
