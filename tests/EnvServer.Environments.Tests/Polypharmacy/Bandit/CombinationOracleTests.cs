using EnvServer.Environments.Polypharmacy.Bandit;

namespace EnvServer.Environments.Tests.Polypharmacy.Bandit;

/// <summary>Noisy observations of a combination's RR, and the scoring of flagged combinations.</summary>
public class CombinationOracleTests
{
    private static readonly CombinationDataset Dataset =
        CombinationGenerator.Generate(new CombinationGeneratorOptions { Drugs = 40, Combinations = 400, Patterns = 3, MeanDrugs = 4 }, seed: 2);

    [Fact]
    public void Observe_SameNoiseSeed_GivesTheSameObservations()
    {
        int[] combinations = [5, 9, 5, 200];

        var a = new CombinationOracle("a", Dataset, 0.1, noiseSeed: 4).Observe(combinations);
        var b = new CombinationOracle("b", Dataset, 0.1, noiseSeed: 4).Observe(combinations);

        Assert.Equal(a, b);
        Assert.NotEqual(a[0], a[2]);
    }

    [Fact]
    public void Observe_ManyTimes_IsCentredOnTheRiskWithTheNoiseSpread()
    {
        var oracle = new CombinationOracle("a", Dataset, 0.1, noiseSeed: 4);

        var observations = oracle.Observe(Enumerable.Repeat(17, 20_000).ToArray());

        var mean = observations.Average();
        Assert.Equal(Dataset.RelativeRisks[17], mean, 0.005);
        Assert.Equal(0.1, Math.Sqrt(observations.Average(o => (o - mean) * (o - mean))), 0.005);
        Assert.Equal(20_000, oracle.Observations);
    }

    [Fact]
    public void Observe_UnknownCombination_Throws()
    {
        var oracle = new CombinationOracle("a", Dataset, 0.1, noiseSeed: 4);

        Assert.Throws<ArgumentOutOfRangeException>(() => oracle.Observe([400]));
        Assert.Throws<ArgumentOutOfRangeException>(() => oracle.Observe([-1]));
    }

    [Fact]
    public void Score_HandPickedFlags_CountsPrecisionRecallAndPatterns()
    {
        var dangerous = Enumerable.Range(0, 400).Where(Dataset.IsDangerous).ToArray();
        var safe = Enumerable.Range(0, 400).Where(c => !Dataset.IsDangerous(c)).ToArray();
        int[] flagged = [dangerous[0], dangerous[1], dangerous[1], safe[0]];

        var score = DangerScore.Of(Dataset, flagged, [2]);

        Assert.Equal(3, score.Flagged);
        Assert.Equal(2, score.TruePositives);
        Assert.Equal(2.0 / 3.0, score.Precision, 12);
        Assert.Equal(2.0 / dangerous.Length, score.Recall, 12);
        Assert.Equal(1.0 / 3.0, score.PatternsFound, 12);
    }

    [Fact]
    public void Score_NothingFlagged_HasZeroPrecisionAndRecall()
    {
        var score = DangerScore.Of(Dataset, [], []);

        Assert.Equal(0, score.Precision);
        Assert.Equal(0, score.Recall);
        Assert.Equal(0, score.PatternsFound);
    }

    [Fact]
    public void Create_SameOptionsAndSeed_SharesTheDatasetAndEvictsPastCapacity()
    {
        var store = new CombinationOracleStore(capacity: 2);
        var options = new CombinationGeneratorOptions { Drugs = 30, Combinations = 100, Patterns = 2, MeanDrugs = 3 };

        var first = store.Create(options, 1, 0.1, 1);
        var second = store.Create(options, 1, 0.1, 2);
        var third = store.Create(options with { Patterns = 3 }, 1, 0.1, 3);

        Assert.Same(first.Dataset, second.Dataset);
        Assert.NotSame(first.Dataset, third.Dataset);
        Assert.Null(store.Find(first.Id));
        Assert.Same(third, store.Find(third.Id));
        Assert.True(store.Remove(third.Id));
        Assert.Null(store.Find(third.Id));
    }

    /// <summary>Issue 17, defect 2: one client's oracles must not push out everyone else's.</summary>
    [Fact]
    public void Create_OwnerPastItsBound_DropsOnlyItsOwnOldest()
    {
        var store = new CombinationOracleStore(capacity: 16, perOwner: 2);
        var options = new CombinationGeneratorOptions { Drugs = 30, Combinations = 100, Patterns = 2, MeanDrugs = 3 };

        var neighbour = store.Create(options, 1, 0.1, 1, owner: "10.0.0.2");
        var own = Enumerable.Range(0, 3).Select(i => store.Create(options, 1, 0.1, i, owner: "10.0.0.1")).ToArray();

        Assert.Null(store.Find(own[0].Id));
        Assert.Same(own[1], store.Find(own[1].Id));
        Assert.Same(own[2], store.Find(own[2].Id));
        Assert.Same(neighbour, store.Find(neighbour.Id));
    }

    /// <summary>Issue 17, defect 2: a data set is no longer drawn for a client that gave up.</summary>
    [Fact]
    public void Create_Cancelled_StopsDrawingAndStoresNothing()
    {
        var store = new CombinationOracleStore();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            store.Create(new CombinationGeneratorOptions(), 1, 0.1, 1, owner: null, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => CombinationGenerator.Generate(new CombinationGeneratorOptions(), 1, cancelled.Token));
    }
}
