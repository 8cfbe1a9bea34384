using EnvServer.Training.Algorithms;
using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Tests.NeuralNetworks;

namespace EnvServer.Training.Tests.Algorithms;

public sealed class DqnLossTests
{
    [Fact]
    public void DoubleTargets_HandBuiltBatch_OnlineChoosesTargetValues()
    {
        // Row 0: online prefers action 2, whose target value is 5 (the target network's own max, 9, is ignored).
        // Row 1: terminated (discount 0): the reward alone. Row 2: a 3-step return bootstraps with γ³.
        var nextOnline = Matrix.FromRows([0f, 1f, 3f], [7f, 0f, 0f], [0f, 4f, 1f]);
        var nextTarget = Matrix.FromRows([9f, 0f, 5f], [100f, 100f, 100f], [1f, 2f, 3f]);
        float[] rewards = [1f, -1f, 0.5f];
        float[] discounts = [0.99f, 0f, 0.99f * 0.99f * 0.99f];
        var targets = new float[3];

        DqnLoss.DoubleTargets(nextOnline, nextTarget, rewards, discounts, targets);

        Assert.Equal(1f + 0.99f * 5f, targets[0], 6);
        Assert.Equal(-1f, targets[1]);
        Assert.Equal(0.5f + 0.970299f * 2f, targets[2], 5);
    }

    [Fact]
    public void Huber_SmallAndLargeErrors_WeightedMeanAndClippedGradientAtTheTakenAction()
    {
        var q = Matrix.FromRows([1f, 2f], [0f, 5f]);
        int[] actions = [0, 1];
        float[] targets = [1.5f, 1f];
        float[] weights = [1f, 0.5f];
        var gradient = new Matrix(2, 2);
        var errors = new float[2];

        var loss = DqnLoss.Huber(q, actions, targets, weights, gradient, errors);

        // δ = −0.5 (quadratic: 0.125) and 4 (linear: 3.5, weight 0.5).
        Assert.Equal((0.125 + 0.5 * 3.5) / 2, loss, 6);
        Assert.Equal([-0.5f, 4f], errors);
        Assert.Equal([-0.25f, 0f, 0f, 0.25f], gradient.Data);
    }

    [Fact]
    public void Huber_Gradient_MatchesFiniteDifferences()
    {
        var q = LayerGradientTests.Batch(rows: 5, columns: 3, seed: 11);
        for (var i = 0; i < q.Data.Length; i++) q.Data[i] *= 3;
        int[] actions = [0, 2, 1, 1, 0];
        var targets = GradientCheck.RandomVector(5, 12);
        float[] weights = [1f, 0.3f, 0.8f, 0.5f, 1f];
        var gradient = new Matrix(5, 3);
        var scratch = new Matrix(5, 3);
        var errors = new float[5];

        DqnLoss.Huber(q, actions, targets, weights, gradient, errors);

        GradientCheck.Matches(() => DqnLoss.Huber(q, actions, targets, weights, scratch, new float[5]), q.Data, gradient.Data.ToArray(), "dQ", step: 1e-3f);
    }

    [Fact]
    public void NStepAccumulator_ThreeSteps_SumsDiscountedRewardsAndBootstrapsWithGammaCubed()
    {
        var accumulator = new NStepAccumulator(n: 3, gamma: 0.5f);
        float[] s0 = [0f], s1 = [1f], s2 = [2f], s3 = [3f], s4 = [4f];

        Assert.Empty(accumulator.Add(s0, 0, 1f, s1, false, false));
        Assert.Empty(accumulator.Add(s1, 1, 2f, s2, false, false));
        var first = Assert.Single(accumulator.Add(s2, 2, 4f, s3, false, false));
        var atEnd = accumulator.Add(s3, 3, 8f, s4, terminated: true, truncated: false);

        AssertTransition(new Transition(s0, 0, 1f + 0.5f * 2f + 0.25f * 4f, s3, false, 0.125f), first);
        Assert.Equal(3, atEnd.Count);
        AssertTransition(new Transition(s1, 1, 2f + 0.5f * 4f + 0.25f * 8f, s4, true, 0f), atEnd[0]);
        AssertTransition(new Transition(s2, 2, 4f + 0.5f * 8f, s4, true, 0f), atEnd[1]);
        AssertTransition(new Transition(s3, 3, 8f, s4, true, 0f), atEnd[2]);
    }

    [Fact]
    public void NStepAccumulator_Truncated_BootstrapsFromTheFinalObservation()
    {
        var accumulator = new NStepAccumulator(n: 3, gamma: 0.9f);
        float[] s0 = [0f], s1 = [1f], final = [9f];
        accumulator.Add(s0, 0, 1f, s1, false, false);

        var flushed = accumulator.Add(s1, 1, 1f, final, terminated: false, truncated: true);

        AssertTransition(new Transition(s0, 0, 1.9f, final, false, 0.81f), flushed[0]);
        AssertTransition(new Transition(s1, 1, 1f, final, false, 0.9f), flushed[1]);
    }

    private static void AssertTransition(Transition expected, Transition actual)
    {
        Assert.Same(expected.Observation, actual.Observation);
        Assert.Same(expected.NextObservation, actual.NextObservation);
        Assert.Equal(expected.Action, actual.Action);
        Assert.Equal(expected.Terminated, actual.Terminated);
        Assert.Equal(expected.Reward, actual.Reward, 5);
        Assert.Equal(expected.Discount, actual.Discount, 5);
    }
}
