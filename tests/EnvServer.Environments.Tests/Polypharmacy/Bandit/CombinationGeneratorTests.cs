using EnvServer.Environments.Core;
using EnvServer.Environments.Polypharmacy.Bandit;

namespace EnvServer.Environments.Tests.Polypharmacy.Bandit;

/// <summary>The synthetic data set of Larouche et al. (2023): determinism, its statistics, and the RR rule it applies.</summary>
public class CombinationGeneratorTests
{
    private static readonly CombinationGeneratorOptions Small = new() { Drugs = 60, Combinations = 3000, Patterns = 4, MeanDrugs = 5 };

    /// <summary>The paper's scale, drawn once for the tests that read it.</summary>
    private static readonly Lazy<CombinationDataset> PaperScale = new(() => CombinationGenerator.Generate(new CombinationGeneratorOptions(), seed: 7));

    [Fact]
    public void Generate_SameSeed_GivesTheSameDataset()
    {
        var a = CombinationGenerator.Generate(Small, seed: 11);
        var b = CombinationGenerator.Generate(Small, seed: 11);

        for (var c = 0; c < a.Combinations.Count; c++) Assert.True(a.Combinations.Row(c).SequenceEqual(b.Combinations.Row(c)), $"combination {c}");
        Assert.Equal(a.RelativeRisks, b.RelativeRisks);
        Assert.Equal(a.PatternRisks, b.PatternRisks);
    }

    [Fact]
    public void Generate_OtherSeed_GivesAnotherDataset()
    {
        var a = CombinationGenerator.Generate(Small, seed: 11);
        var b = CombinationGenerator.Generate(Small, seed: 12);

        Assert.NotEqual(a.RelativeRisks, b.RelativeRisks);
    }

    [Fact]
    public void Generate_PaperScale_HasDistinctNonEmptyCombinationsOfMeanSize8Point7()
    {
        var dataset = PaperScale.Value;
        var combinations = dataset.Combinations;

        Assert.Equal(100_000, combinations.Count);
        var sizes = Enumerable.Range(0, combinations.Count).Select(c => MultiHot.Count(combinations.Row(c))).ToArray();
        Assert.All(sizes, size => Assert.True(size > 0));
        // Binomial(500, 8.7/500) has sd 2.9, so the mean of 100,000 sizes has sd 0.009.
        Assert.Equal(8.7, sizes.Average(), 0.05);
        var distinct = Enumerable.Range(0, combinations.Count).Select(c => string.Join(',', MultiHot.Drugs(combinations.Row(c)))).Distinct().Count();
        Assert.Equal(combinations.Count, distinct);
    }

    [Fact]
    public void Generate_PaperScale_PatternRisksAreInTwoToThree()
    {
        var dataset = PaperScale.Value;

        Assert.Equal(10, dataset.Patterns.Count);
        Assert.All(dataset.PatternRisks, risk => Assert.InRange(risk, 2.0, 3.0));
        Assert.True(dataset.PatternRisks.Max() - dataset.PatternRisks.Min() > 0.3, "ten uniform draws should spread over the interval");
    }

    [Fact]
    public void Generate_PaperScale_RisksFollowTheNearestPatternRule()
    {
        var dataset = PaperScale.Value;
        var options = dataset.Options;
        var disjoint = new List<double>();
        var intersectingResiduals = new List<double>();
        for (var c = 0; c < dataset.Combinations.Count; c++)
        {
            var row = dataset.Combinations.Row(c);
            var pattern = dataset.NearestPatterns[c];
            var distance = dataset.PatternDistances[c];
            Assert.Equal((pattern, distance), dataset.Patterns.Nearest(row));
            var size = MultiHot.Count(row);
            var patternSize = MultiHot.Count(dataset.Patterns.Row(pattern));
            var (mean, _) = RelativeRiskRule.Distribution(size, patternSize, dataset.PatternRisks[pattern], distance, options);
            if (distance == size + patternSize) disjoint.Add(dataset.RelativeRisks[c]);
            else intersectingResiduals.Add(dataset.RelativeRisks[c] - mean);
        }

        Assert.True(disjoint.Count > 1000 && intersectingResiduals.Count > 1000, $"{disjoint.Count} disjoint, {intersectingResiduals.Count} intersecting");
        Assert.Equal(1.0, disjoint.Average(), 0.005);
        Assert.Equal(0.05, StandardDeviation(disjoint), 0.005);
        // Means of intersecting combinations are above 1, far from the clip at 0: residuals are N(0, 0.1).
        Assert.Equal(0.0, intersectingResiduals.Average(), 0.005);
        Assert.Equal(0.1, StandardDeviation(intersectingResiduals), 0.005);
        Assert.All(dataset.RelativeRisks, r => Assert.True(r >= 0));
        Assert.InRange(dataset.DangerousCount, 1, dataset.Combinations.Count - 1);
        Assert.Equal(dataset.RelativeRisks.Count(r => r > 1.1), dataset.DangerousCount);
    }

    [Fact]
    public void Distribution_ExactMatch_IsThePatternRisk()
    {
        Assert.Equal((2.4, 0.0), RelativeRiskRule.Distribution(4, 4, 2.4, distance: 0, new CombinationGeneratorOptions()));
    }

    [Fact]
    public void Distribution_Disjoint_IsNormalOneAndFiveHundredths()
    {
        // {0,1,2} and {3,4}: no shared drug, so the distance is 3 + 2.
        var combination = MultiHot.FromDrugs([0, 1, 2], 1);
        var pattern = MultiHot.FromDrugs([3, 4], 1);
        var distance = MultiHot.Hamming(combination, pattern);

        Assert.Equal(5, distance);
        Assert.Equal((1.0, 0.05), RelativeRiskRule.Distribution(3, 2, 2.8, distance, new CombinationGeneratorOptions()));
    }

    [Fact]
    public void Distribution_Intersecting_FadesWithDistanceOverTotalSize()
    {
        // {0,1,2} and {2,3}: drugs 0, 1 and 3 differ, so the mean is 2.5 − 3/(3 + 2).
        var combination = MultiHot.FromDrugs([0, 1, 2], 1);
        var pattern = MultiHot.FromDrugs([2, 3], 1);
        var distance = MultiHot.Hamming(combination, pattern);

        var (mean, std) = RelativeRiskRule.Distribution(3, 2, 2.5, distance, new CombinationGeneratorOptions());

        Assert.Equal(3, distance);
        Assert.Equal(2.5 - 3.0 / 5.0, mean, 12);
        Assert.Equal(0.1, std);
    }

    [Fact]
    public void Draw_MeanFarBelowZero_IsClippedAtZero()
    {
        var options = new CombinationGeneratorOptions { IntersectingRiskStd = 0.01 };

        Assert.Equal(0.0, RelativeRiskRule.Draw(1, 9, patternRisk: 0.0, distance: 8, options, new SeededRandom(1)));
    }

    [Fact]
    public void Generate_MoreCombinationsThanExist_ThrowsNamingTheField()
    {
        // Three drugs make only seven non-empty combinations.
        var options = Small with { Drugs = 3, Combinations = 10, MeanDrugs = 1.5 };

        var error = Assert.Throws<InvalidInputException>(() => CombinationGenerator.Generate(options, 1));

        Assert.Equal("n_combinations", error.Field);
    }

    [Fact]
    public void Generate_MeanDrugsNotBelowDrugCount_ThrowsNamingTheField()
    {
        var error = Assert.Throws<InvalidInputException>(() => CombinationGenerator.Generate(Small with { MeanDrugs = 60 }, 1));

        Assert.Equal("mean_rx", error.Field);
    }

    private static double StandardDeviation(IReadOnlyCollection<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }
}
