using EnvServer.Environments.Polypharmacy.Bandit;

namespace EnvServer.Environments.Tests.Polypharmacy.Bandit;

/// <summary>Projection onto the nearest existing combination, against a brute force over drug lists.</summary>
public class HammingIndexTests
{
    [Fact]
    public void Nearest_RandomQueries_MatchesBruteForceOverDrugSets()
    {
        var dataset = CombinationGenerator.Generate(new CombinationGeneratorOptions { Drugs = 130, Combinations = 2000, Patterns = 3, MeanDrugs = 6 }, seed: 3);
        var index = dataset.Combinations;
        var sets = Enumerable.Range(0, index.Count).Select(c => MultiHot.Drugs(index.Row(c)).ToHashSet()).ToArray();
        var random = new Random(5);

        for (var q = 0; q < 50; q++)
        {
            var query = Enumerable.Range(0, 130).Where(_ => random.NextDouble() < 0.06).ToHashSet();
            var expectedDistance = sets.Min(s => s.Count + query.Count - 2 * s.Intersect(query).Count());
            var expectedRow = Array.FindIndex(sets, s => s.Count + query.Count - 2 * s.Intersect(query).Count() == expectedDistance);

            var (row, distance) = index.Nearest(MultiHot.FromDrugs(query, index.Words));

            Assert.Equal(expectedDistance, distance);
            Assert.Equal(expectedRow, row);
        }
    }

    [Fact]
    public void Nearest_ExistingCombination_IsItselfAtDistanceZero()
    {
        var dataset = CombinationGenerator.Generate(new CombinationGeneratorOptions { Drugs = 70, Combinations = 500, Patterns = 2, MeanDrugs = 4 }, seed: 9);

        Assert.Equal((321, 0), dataset.Combinations.Nearest(dataset.Combinations.Row(321)));
    }

    [Fact]
    public void Nearest_Tie_GoesToTheLowestRow()
    {
        // Rows {0}, {1}, {0,1}: the query {2} is at distance 2 from the first two.
        var index = new HammingIndex([0b001UL, 0b010UL, 0b011UL], words: 1);

        Assert.Equal((0, 2), index.Nearest([0b100UL]));
    }

    [Fact]
    public void Drugs_BitsAcrossWords_AreListedAscending()
    {
        var bits = MultiHot.FromDrugs([130, 3, 64, 63], MultiHot.Words(131));

        Assert.Equal([3, 63, 64, 130], MultiHot.Drugs(bits));
        Assert.Equal(4, MultiHot.Count(bits));
        Assert.True(MultiHot.Has(bits, 64));
        Assert.False(MultiHot.Has(bits, 65));
    }
}
