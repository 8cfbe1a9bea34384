using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy.Bandit;

/// <summary>
/// Draws a <see cref="CombinationDataset"/> from one seed: first the patterns and their RR ~ U[min, max],
/// then the combinations (each drug in with probability mean_rx / n_rx, empty and repeated draws redrawn,
/// as the reference simulator regenerates them), then each combination's RR from its nearest pattern.
/// </summary>
public static class CombinationGenerator
{
    /// <summary>The data set of <paramref name="seed"/>; <paramref name="cancellation"/> is checked once per row, so a server stops drawing for a client that gave up.</summary>
    public static CombinationDataset Generate(CombinationGeneratorOptions options, long seed, CancellationToken cancellation = default)
    {
        options.Validate();
        var random = new SeededRandom(seed);
        var words = MultiHot.Words(options.Drugs);
        var probability = options.MeanDrugs / options.Drugs;

        var patterns = new HammingIndex(DrawDistinct(options.Patterns, options.Drugs, words, probability, random, "n_patterns", cancellation), words);
        var patternRisks = new double[options.Patterns];
        for (var p = 0; p < patternRisks.Length; p++) patternRisks[p] = random.Uniform(options.PatternMinRisk, options.PatternMaxRisk);
        var patternSizes = Enumerable.Range(0, patterns.Count).Select(p => MultiHot.Count(patterns.Row(p))).ToArray();

        var combinations = new HammingIndex(DrawDistinct(options.Combinations, options.Drugs, words, probability, random, "n_combinations", cancellation), words);
        var risks = new double[combinations.Count];
        var nearest = new int[combinations.Count];
        var distances = new int[combinations.Count];
        for (var c = 0; c < combinations.Count; c++)
        {
            cancellation.ThrowIfCancellationRequested();
            var row = combinations.Row(c);
            var (pattern, distance) = patterns.Nearest(row);
            nearest[c] = pattern;
            distances[c] = distance;
            risks[c] = RelativeRiskRule.Draw(MultiHot.Count(row), patternSizes[pattern], patternRisks[pattern], distance, options, random);
        }

        return new CombinationDataset(options, seed, combinations, patterns, risks, patternRisks, nearest, distances);
    }

    /// <summary><paramref name="count"/> distinct non-empty rows, each drug in with <paramref name="probability"/>.</summary>
    private static ulong[] DrawDistinct(int count, int drugs, int words, double probability, SeededRandom random, string field, CancellationToken cancellation)
    {
        var bits = new ulong[count * words];
        var seen = new HashSet<int>(count, new RowComparer(bits, words));
        // Rejection must end: when distinct combinations are too rare to find, the request is infeasible.
        var attemptsLeft = 20L * count + 1000;
        for (var row = 0; row < count; row++)
        {
            cancellation.ThrowIfCancellationRequested();
            var span = bits.AsSpan(row * words, words);
            do
            {
                if (attemptsLeft-- == 0)
                    throw new InvalidInputException(field, $"Could not draw {count} distinct combinations of {drugs} drugs at this mean_rx; ask for fewer or raise mean_rx.");
                span.Clear();
                for (var drug = 0; drug < drugs; drug++)
                {
                    if (random.Bernoulli(probability)) MultiHot.Set(span, drug);
                }
            }
            while (MultiHot.Count(span) == 0 || !seen.Add(row));
        }

        return bits;
    }

    /// <summary>Compares rows of the bitset array by index, so the set holds no copies of them.</summary>
    private sealed class RowComparer(ulong[] bits, int words) : IEqualityComparer<int>
    {
        public bool Equals(int a, int b) => bits.AsSpan(a * words, words).SequenceEqual(bits.AsSpan(b * words, words));

        public int GetHashCode(int row)
        {
            var hash = new HashCode();
            foreach (var word in bits.AsSpan(row * words, words)) hash.Add(word);
            return hash.ToHashCode();
        }
    }
}
