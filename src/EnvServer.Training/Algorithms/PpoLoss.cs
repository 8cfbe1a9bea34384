using static TorchSharp.torch;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// PPO's minibatch loss as CleanRL's ppo.py writes it: the clipped surrogate mean(max(−Â·ρ, −Â·clip(ρ, 1−ε, 1+ε))) with
/// ρ = exp(log π − log π_old), the value loss ½·mean(max((V − R)², (V_old + clip(V − V_old, −ε, ε) − R)²)) (or
/// ½·mean((V − R)²) unclipped), and loss = policy − ent_coef·entropy + vf_coef·value.
/// </summary>
internal static class PpoLoss
{
    public static Tensor Policy(Tensor newLogProb, Tensor oldLogProb, Tensor advantages, float clip)
    {
        var ratio = (newLogProb - oldLogProb).exp();
        var unclipped = -advantages * ratio;
        var clipped = -advantages * ratio.clamp(1f - clip, 1f + clip);
        return maximum(unclipped, clipped).mean();
    }

    public static Tensor Value(Tensor newValue, Tensor oldValue, Tensor returns, float clip, bool clipValueLoss)
    {
        var unclipped = (newValue - returns).square();
        if (!clipValueLoss) return 0.5f * unclipped.mean();
        var clipped = (oldValue + (newValue - oldValue).clamp(-clip, clip) - returns).square();
        return 0.5f * maximum(unclipped, clipped).mean();
    }

    /// <summary>The losses of one minibatch; its Total is what is differentiated.</summary>
    public static MinibatchLoss Compute(
        Tensor newLogProb, Tensor entropy, Tensor newValue, Tensor oldLogProb, Tensor oldValue, Tensor advantages, Tensor returns, PpoOptions options)
    {
        var policy = Policy(newLogProb, oldLogProb, advantages, options.ClipCoef);
        var value = Value(newValue, oldValue, returns, options.ClipCoef, options.ClipVloss);
        var meanEntropy = entropy.mean();
        return new MinibatchLoss(policy - options.EntCoef * meanEntropy + options.VfCoef * value, policy, value, meanEntropy);
    }

    /// <summary>The approximate KL divergence estimator CleanRL logs, mean((ρ − 1) − log ρ), and the share of samples with |ρ − 1| > ε.</summary>
    public static (double ApproxKl, double ClipFraction) Diagnostics(Tensor newLogProb, Tensor oldLogProb, float clip)
    {
        using var noGrad = no_grad();
        var logRatio = newLogProb - oldLogProb;
        var ratio = logRatio.exp();
        return (((ratio - 1) - logRatio).mean().item<float>(), ((ratio - 1).abs() > clip).to_type(ScalarType.Float32).mean().item<float>());
    }

    /// <summary>A minibatch's total loss and its parts (scalars).</summary>
    internal sealed record MinibatchLoss(Tensor Total, Tensor Policy, Tensor Value, Tensor Entropy);
}
