using EnvServer.Training.Algorithms;
using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Training.Tests.Algorithms;

/// <summary>PPO's minibatch loss on a three-sample batch, against values computed by hand.</summary>
public sealed class PpoLossTests
{
    private const float Clip = 0.2f;

    // Ratios ρ = 1.5, 0.5, 1.1 (log π_old = 0) with advantages 1, −1, 2.
    private static Tensor NewLogProb(bool requiresGrad = false) =>
        tensor(new[] { MathF.Log(1.5f), MathF.Log(0.5f), MathF.Log(1.1f) }, requires_grad: requiresGrad);

    private static readonly float[] Advantages = [1f, -1f, 2f];

    [Fact]
    public void Policy_ThreeSamples_MeanOfTheLargerSurrogateTermsAndGradientOnlyWhereUnclipped()
    {
        var newLogProb = NewLogProb(requiresGrad: true);

        var loss = PpoLoss.Policy(newLogProb, zeros(3), tensor(Advantages), Clip);
        loss.backward();

        // max(−Âρ, −Â·clip(ρ)): max(−1.5, −1.2) = −1.2 (clipped), max(0.5, 0.8) = 0.8 (clipped), max(−2.2, −2.2) = −2.2.
        Assert.Equal((-1.2 + 0.8 - 2.2) / 3, loss.item<float>(), 5);
        // Only the third sample is unclipped: ∂/∂log π = −Â·ρ/3.
        var gradient = newLogProb.grad!.data<float>().ToArray();
        Assert.Equal(0f, gradient[0], 6);
        Assert.Equal(0f, gradient[1], 6);
        Assert.Equal(-2f * 1.1f / 3, gradient[2], 5);
    }

    [Fact]
    public void Value_ClippedAndUnclipped_HalfMeanOfTheLargerSquaredError()
    {
        var newValue = tensor(new[] { 1.0f, 0.0f });
        var oldValue = tensor(new[] { 0.5f, 0.1f });
        var returns = tensor(new[] { 2.0f, -1.0f });

        // Sample 0: (1 − 2)² = 1 against (0.5 + 0.2 − 2)² = 1.69; sample 1: (0 + 1)² = 1 against (0.1 − 0.1 + 1)² = 1.
        Assert.Equal(0.5 * (1.69 + 1) / 2, PpoLoss.Value(newValue, oldValue, returns, Clip, clipValueLoss: true).item<float>(), 5);
        Assert.Equal(0.5 * (1 + 1) / 2, PpoLoss.Value(newValue, oldValue, returns, Clip, clipValueLoss: false).item<float>(), 5);
    }

    [Fact]
    public void Compute_TinyBatch_TotalIsPolicyMinusEntropyBonusPlusValue()
    {
        var options = new PpoOptions { EntCoef = 0.01f, VfCoef = 0.5f, ClipCoef = Clip };
        var entropy = tensor(new[] { 0.6f, 0.4f, 0.5f });
        var newValue = tensor(new[] { 1.0f, 0.0f, 3.0f });
        var oldValue = tensor(new[] { 0.5f, 0.1f, 3.0f });
        var returns = tensor(new[] { 2.0f, -1.0f, 3.0f });

        var loss = PpoLoss.Compute(NewLogProb(), entropy, newValue, zeros(3), oldValue, tensor(Advantages), returns, options);

        const double policy = (-1.2 + 0.8 - 2.2) / 3;
        const double value = 0.5 * (1.69 + 1 + 0) / 3;
        Assert.Equal(policy, loss.Policy.item<float>(), 5);
        Assert.Equal(value, loss.Value.item<float>(), 5);
        Assert.Equal(0.5, loss.Entropy.item<float>(), 6);
        Assert.Equal(policy - 0.01 * 0.5 + 0.5 * value, loss.Total.item<float>(), 5);
    }

    [Fact]
    public void Diagnostics_ThreeRatios_ApproxKlAndClipFraction()
    {
        var (approxKl, clipFraction) = PpoLoss.Diagnostics(NewLogProb(), zeros(3), Clip);

        // (ρ − 1) − log ρ per sample; |ρ − 1| > 0.2 for 1.5 and 0.5 only.
        var expected = new[] { 1.5, 0.5, 1.1 }.Average(r => r - 1 - Math.Log(r));
        Assert.Equal(expected, approxKl, 5);
        Assert.Equal(2.0 / 3, clipFraction, 6);
    }
}
