using EnvServer.Training.Algorithms;

namespace EnvServer.Training.Tests.Algorithms;

public sealed class GeneralizedAdvantageEstimationTests
{
    private const float Gamma = 0.9f;
    private const float Lambda = 0.8f;

    [Fact]
    public void Compute_NoEpisodeEnd_EqualsTheDiscountedSumOfTdErrorsBootstrappedFromTheLastValue()
    {
        float[] rewards = [1f, 0f, 2f];
        float[] values = [0.5f, 1f, 1.5f];
        const float last = 3f;

        var (advantages, returns) = Run(rewards, values, [false, false, false], [false, false, false], [0, 0, 0], last);

        var delta2 = 2f + Gamma * last - 1.5f;
        var delta1 = 0f + Gamma * 1.5f - 1f;
        var delta0 = 1f + Gamma * 1f - 0.5f;
        Assert.Equal(delta2, advantages[2], 5);
        Assert.Equal(delta1 + Gamma * Lambda * delta2, advantages[1], 5);
        Assert.Equal(delta0 + Gamma * Lambda * (delta1 + Gamma * Lambda * delta2), advantages[0], 5);
        Assert.Equal(advantages[0] + values[0], returns[0], 5);
    }

    [Fact]
    public void Compute_TerminatedStep_HasNoFutureAndStopsTheChain()
    {
        float[] rewards = [1f, -1f, 0.5f];
        float[] values = [0.2f, 0.4f, 7f]; // step 2 starts a new episode

        var (advantages, _) = Run(rewards, values, [false, true, false], [false, false, false], [0, 0, 0], lastValue: 2f);

        Assert.Equal(-1f - 0.4f, advantages[1], 5);
        Assert.Equal(1f + Gamma * 0.4f - 0.2f + Gamma * Lambda * advantages[1], advantages[0], 5);
        Assert.Equal(0.5f + Gamma * 2f - 7f, advantages[2], 5);
    }

    [Fact]
    public void Compute_TruncatedStep_BootstrapsFromTheFinalObservationNotTheNextEpisode()
    {
        float[] rewards = [1f, 1f];
        float[] values = [0.3f, 9f]; // step 1 is the next episode's first state: not the truncated step's future
        float[] truncatedValues = [4f, 0f];

        var (advantages, _) = Run(rewards, values, [false, false], [true, false], truncatedValues, lastValue: 0f);

        Assert.Equal(1f + Gamma * 4f - 0.3f, advantages[0], 5);
    }

    private static (float[] Advantages, float[] Returns) Run(
        float[] rewards, float[] values, bool[] terminated, bool[] truncated, float[] truncatedValues, float lastValue)
    {
        var advantages = new float[rewards.Length];
        var returns = new float[rewards.Length];
        GeneralizedAdvantageEstimation.Compute(rewards, values, terminated, truncated, truncatedValues, lastValue, Gamma, Lambda, advantages, returns);
        return (advantages, returns);
    }
}
