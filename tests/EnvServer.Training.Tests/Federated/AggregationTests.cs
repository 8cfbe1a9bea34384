using EnvServer.Training.Federated;

namespace EnvServer.Training.Tests.Federated;

public sealed class AggregationTests
{
    private static readonly float[][] Global = [[1f, 2f], [0f]];

    [Fact]
    public void FedAvg_TwoUpdates_WeighsThemByTheirExamples()
    {
        var updates = new[]
        {
            new WeightedWeights([[3f, 6f], [1f]], 100),
            new WeightedWeights([[-1f, 2f], [5f]], 300),
        };

        var next = new FedAvg().Aggregate(Global, updates);

        // (100·3 + 300·(−1))/400 = 0, (100·6 + 300·2)/400 = 3, (100·1 + 300·5)/400 = 4.
        Assert.Equal([0f, 3f], next[0]);
        Assert.Equal([4f], next[1]);
    }

    [Fact]
    public void FedAdam_TwoRounds_AppliesServerAdamToTheMeanUpdate()
    {
        var options = new FedAdamOptions { ServerLearningRate = 0.1, Beta1 = 0.9, Beta2 = 0.99, Tau = 0.01 };
        var adam = new FedAdam(options);
        float[][] global = [[1f]];

        // Round 1: Δ = 3 − 1 = 2; m = 0.2, v = 0.04, w = 1 + 0.1·0.2/(0.2 + 0.01).
        var first = adam.Aggregate(global, [new WeightedWeights([[2f]], 1), new WeightedWeights([[4f]], 1)]);
        var w1 = 1 + 0.1 * 0.2 / (0.2 + 0.01);
        Assert.Equal(w1, first[0][0], 5);

        // Round 2: Δ = 0 − w1; m = 0.9·0.2 + 0.1·Δ, v = 0.99·0.04 + 0.01·Δ².
        var second = adam.Aggregate(first, [new WeightedWeights([[0f]], 5)]);
        var delta = -w1;
        var m = 0.9 * 0.2 + 0.1 * delta;
        var v = 0.99 * 0.04 + 0.01 * delta * delta;
        Assert.Equal(w1 + 0.1 * m / (Math.Sqrt(v) + 0.01), second[0][0], 5);
    }

    [Fact]
    public void FedAdam_StateRestoredInAnotherInstance_ContinuesIdentically()
    {
        var options = new FedAdamOptions();
        var original = new FedAdam(options);
        float[][] global = [[1f, -1f]];
        var round1 = original.Aggregate(global, [new WeightedWeights([[2f, 0f]], 1)]);
        var restored = new FedAdam(options);
        restored.Restore(original.State());

        var expected = original.Aggregate(round1, [new WeightedWeights([[0f, 3f]], 1)]);
        var actual = restored.Aggregate(round1, [new WeightedWeights([[0f, 3f]], 1)]);

        Assert.Equal(expected[0], actual[0]);
    }

    [Fact]
    public void Clip_UpdateLongerThanTheNorm_IsScaledOntoTheNormAndShorterOnesAreKept()
    {
        var privacy = new DifferentialPrivacy(new DifferentialPrivacyOptions { ClippingNorm = 1.0, NoiseMultiplier = 0 }, seed: 1);

        // The update differs from the global weights by (3, 4) and (0): norm 5, scaled by 1/5.
        var (clipped, wasClipped) = privacy.Clip(Global, [[4f, 6f], [0f]]);
        var (kept, keptClipped) = privacy.Clip(Global, [[1.6f, 2.8f], [0f]]);

        Assert.True(wasClipped);
        Assert.Equal(1.6f, clipped[0][0], 5);
        Assert.Equal(2.8f, clipped[0][1], 5);
        Assert.False(keptClipped);
        Assert.Equal([1.6f, 2.8f], kept[0]);
    }

    [Fact]
    public void AddNoise_ManyWeights_HaveTheStandardDeviationSigmaTimesClipOverClients()
    {
        var privacy = new DifferentialPrivacy(new DifferentialPrivacyOptions { ClippingNorm = 2.0, NoiseMultiplier = 1.5 }, seed: 7);
        float[][] aggregate = [new float[20_000]];

        var std = privacy.AddNoise(aggregate, clients: 3);

        Assert.Equal(1.0, std, 10);
        var sample = aggregate[0].Select(v => (double)v).ToArray();
        var mean = sample.Average();
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(Math.Sqrt(sample.Sum(v => (v - mean) * (v - mean)) / sample.Length), 0.97, 1.03);
    }
}
