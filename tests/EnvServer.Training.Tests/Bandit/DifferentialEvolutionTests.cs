using EnvServer.Training.Bandit;

namespace EnvServer.Training.Tests.Bandit;

/// <summary>best/1/bin over multi-hot vectors on an objective whose optimum is known.</summary>
public sealed class DifferentialEvolutionTests
{
    private const int Genes = 40;
    private static readonly int[] Target = [2, 9, 17, 23, 31, 38];

    [Fact]
    public void Maximize_HiddenCombination_ClimbsFarAboveTheInitialPopulation()
    {
        var random = new Random(3);
        var population = RandomPopulation(32, random);
        var initialBest = Score(population).Max();

        var (best, score) = new DifferentialEvolution(generations: 40, differentialWeight: 1f, crossover: 0.9f).Maximize(population, Score, random);

        // Random rows of ~6 genes sit about 10 genes from the target; the evolved best is within 2.
        Assert.True(initialBest <= -6, $"initial best {initialBest}");
        Assert.True(score >= -2, $"evolved best {score}");
        Assert.Equal(score, Score(population)[best]);
    }

    [Fact]
    public void Maximize_MultiHotPopulation_StaysMultiHot()
    {
        var random = new Random(4);
        var population = RandomPopulation(16, random);

        new DifferentialEvolution(generations: 10, differentialWeight: 1f, crossover: 0.9f).Maximize(population, Score, random);

        Assert.All(population.SelectMany(member => member), gene => Assert.True(gene is 0f or 1f, $"gene {gene}"));
    }

    [Fact]
    public void Maximize_NoGenerations_ReturnsTheInitialBest()
    {
        var population = RandomPopulation(8, new Random(5));
        var scores = Score(population);

        var (best, score) = new DifferentialEvolution(0, 1f, 0.9f).Maximize(population, Score, new Random(6));

        Assert.Equal(scores.Max(), score);
        Assert.Equal(Array.IndexOf(scores, scores.Max()), best);
    }

    /// <summary>Minus the Hamming distance to the target: 0 at the optimum.</summary>
    private static float[] Score(float[][] population) =>
        population.Select(row =>
        {
            var distance = 0f;
            for (var j = 0; j < Genes; j++) distance += Math.Abs(row[j] - (Target.Contains(j) ? 1f : 0f));
            return -distance;
        }).ToArray();

    private static float[][] RandomPopulation(int size, Random random) =>
        Enumerable.Range(0, size).Select(_ => Enumerable.Range(0, Genes).Select(_ => random.NextDouble() < 0.15 ? 1f : 0f).ToArray()).ToArray();
}
