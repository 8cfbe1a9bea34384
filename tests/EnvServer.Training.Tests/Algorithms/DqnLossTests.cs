using EnvServer.Training.Algorithms;
using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Training.Tests.Algorithms;

public sealed class DqnLossTests
{
    [Fact]
    public void DoubleTargets_HandBuiltBatch_OnlineChoosesTargetValues()
    {
        // Row 0: online prefers action 2, whose target value is 5 (the target network's own max, 9, is ignored).
        // Row 1: terminated (discount 0): the reward alone. Row 2: a 3-step return bootstraps with γ³.
        var nextOnline = tensor(new float[] { 0, 1, 3, 7, 0, 0, 0, 4, 1 }, [3, 3]);
        var nextTarget = tensor(new float[] { 9, 0, 5, 100, 100, 100, 1, 2, 3 }, [3, 3]);
        var rewards = tensor(new[] { 1f, -1f, 0.5f });
        var discounts = tensor(new[] { 0.99f, 0f, 0.99f * 0.99f * 0.99f });

        var targets = DqnLoss.DoubleTargets(nextOnline, nextTarget, rewards, discounts).data<float>().ToArray();

        Assert.Equal(1f + 0.99f * 5f, targets[0], 6);
        Assert.Equal(-1f, targets[1]);
        Assert.Equal(0.5f + 0.970299f * 2f, targets[2], 5);
    }

    [Fact]
    public void Huber_SmallAndLargeErrors_WeightedMeanAndClippedGradient()
    {
        var takenQ = tensor(new[] { 1f, 5f }, requires_grad: true);
        var targets = tensor(new[] { 1.5f, 1f });
        var weights = tensor(new[] { 1f, 0.5f });

        var (loss, errors) = DqnLoss.Huber(takenQ, targets, weights);
        loss.backward();

        // δ = −0.5 (quadratic: 0.125) and 4 (linear: 3.5, weight 0.5); dL/dQ = w·clip(δ, −1, 1)/B.
        Assert.Equal((0.125 + 0.5 * 3.5) / 2, loss.item<float>(), 6);
        Assert.Equal([-0.5f, 4f], errors.data<float>().ToArray());
        Assert.Equal([-0.25f, 0.25f], takenQ.grad!.data<float>().ToArray());
    }

    [Fact]
    public void DuelingQNetwork_AnyInput_AdvantagesAverageToTheStateValueAndTargetCopies()
    {
        torch.manual_seed(3);
        var online = new DuelingQNetwork(4, 5, 8);
        var target = new DuelingQNetwork(4, 5, 8);
        var observations = randn(6, 4);

        target.SoftUpdateFrom(online, 1f);

        // mean_a Q(s, a) = V(s) because the advantages are centred.
        var q = online.forward(observations);
        var features = ((TorchSharp.Modules.Sequential)online.named_children().First(c => c.name == "feature").module).forward(observations);
        var value = ((TorchSharp.Modules.Linear)online.named_children().First(c => c.name == "value").module).forward(features);
        Assert.True(q.mean([1], keepdim: true).allclose(value, rtol: 0, atol: 1e-5));
        Assert.True(target.forward(observations).allclose(q, rtol: 0, atol: 0));
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
