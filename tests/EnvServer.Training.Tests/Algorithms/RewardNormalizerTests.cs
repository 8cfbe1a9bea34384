using EnvServer.Training.Algorithms;
using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Networks;

namespace EnvServer.Training.Tests.Algorithms;

public sealed class RewardNormalizerTests
{
    [Fact]
    public void Normalize_FirstStep_DividesByTheStdOfTheDiscountedReturnsSeenSoFar()
    {
        var normalizer = new RewardNormalizer(sessions: 2, gamma: 0.9f);
        float[] rewards = [1f, 3f];

        normalizer.Normalize(rewards, [false, false], [false, false]);

        // Running statistics start from var 1, count 1e-4; the batch {1, 3} has mean 2 and variance 1.
        var count = 1e-4 + 2;
        var variance = (1.0 * 1e-4 + 1.0 * 2 + 2.0 * 2.0 * 1e-4 * 2 / count) / count;
        Assert.Equal(1 / Math.Sqrt(variance + 1e-8), rewards[0], 5);
        Assert.Equal(3 / Math.Sqrt(variance + 1e-8), rewards[1], 5);
    }

    [Fact]
    public void Normalize_HugeRewards_StayWithinTheClip()
    {
        var normalizer = new RewardNormalizer(sessions: 1, gamma: 0.99f);
        // After 199 unit rewards, one of 1e12 is about √200 ≈ 14 standard deviations of the return: clipped to 10.
        for (var t = 0; t < 200; t++)
        {
            float[] rewards = [t == 199 ? 1e12f : 1f];
            normalizer.Normalize(rewards, [false], [false]);
            Assert.InRange(rewards[0], -10f, 10f);
            if (t == 199) Assert.Equal(10f, rewards[0]);
        }
    }

    [Fact]
    public void Normalize_AfterAnEpisodeEnds_RestartsThatSessionsDiscountedReturn()
    {
        var continuing = new RewardNormalizer(sessions: 1, gamma: 1f);
        var restarted = new RewardNormalizer(sessions: 1, gamma: 1f);
        float[] a = [5f], b = [5f];
        continuing.Normalize(a, [false], [false]);
        restarted.Normalize(b, [false], [true]);

        // Second step: the continuing session's discounted return is 10, the restarted one's 5, so their statistics differ.
        a[0] = 5f;
        b[0] = 5f;
        continuing.Normalize(a, [false], [false]);
        restarted.Normalize(b, [false], [false]);
        Assert.NotEqual(a[0], b[0]);
    }

    [Fact]
    public void Normalize_GivenStatistics_DividesByTheirStdAndUpdatesThemInPlace()
    {
        var statistics = new RunningMeanStd([0], [4e6], 1e6);
        var normalizer = new RewardNormalizer(sessions: 1, gamma: 0.9f, statistics);
        float[] rewards = [1000f];

        normalizer.Normalize(rewards, [false], [false]);

        // One more return of 1000 barely moves a million-count variance of 4e6: the reward is divided by about 2000.
        Assert.Equal(0.5f, rewards[0], 3);
        Assert.Equal(1e6 + 1, statistics.Count);
    }
}
