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
    public void ComputeInterleaved_TwoSessions_EqualsEachSessionsOwnComputation()
    {
        // Session 0: rewards 1, 0, 2 ending terminated at step 1; session 1: rewards 0, 3, 1 truncated at step 0 (final value 2).
        float[] rewards = [1f, 0f, 0f, 3f, 2f, 1f];
        float[] values = [0.5f, 1f, 1f, 0.2f, 1.5f, 0.7f];
        bool[] terminated = [false, false, true, false, false, false];
        bool[] truncated = [false, true, false, false, false, false];
        float[] truncatedValues = [0f, 2f, 0f, 0f, 0f, 0f];
        var advantages = new float[6];
        var returns = new float[6];

        GeneralizedAdvantageEstimation.ComputeInterleaved(2, rewards, values, terminated, truncated, truncatedValues, [3f, -1f], Gamma, Lambda, advantages, returns);

        var (first, firstReturns) = Run([1f, 0f, 2f], [0.5f, 1f, 1.5f], [false, true, false], [false, false, false], [0, 0, 0], 3f);
        var (second, secondReturns) = Run([0f, 3f, 1f], [1f, 0.2f, 0.7f], [false, false, false], [true, false, false], [2f, 0, 0], -1f);
        Assert.Equal([first[0], second[0], first[1], second[1], first[2], second[2]], advantages);
        Assert.Equal([firstReturns[0], secondReturns[0], firstReturns[1], secondReturns[1], firstReturns[2], secondReturns[2]], returns);
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
