namespace EnvServer.Training.NeuralNetworks;

/// <summary>
/// A Gaussian policy over continuous actions with independent dimensions: the mean comes from the
/// network, the log standard deviation is a state-independent parameter (CleanRL's continuous PPO).
/// </summary>
internal static class DiagonalGaussian
{
    private static readonly float HalfLogTwoPi = 0.5f * MathF.Log(2f * MathF.PI);

    /// <summary>log N(a; μ, σ²) summed over dimensions.</summary>
    public static float LogProb(ReadOnlySpan<float> action, ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd)
    {
        var sum = 0f;
        for (var k = 0; k < action.Length; k++)
        {
            var z = (action[k] - mean[k]) * MathF.Exp(-logStd[k]);
            sum += -0.5f * z * z - logStd[k] - HalfLogTwoPi;
        }

        return sum;
    }

    /// <summary>H = Σ (½ + ½ log 2π + log σ); it does not depend on the mean.</summary>
    public static float Entropy(ReadOnlySpan<float> logStd)
    {
        var sum = 0f;
        foreach (var s in logStd) sum += 0.5f + HalfLogTwoPi + s;
        return sum;
    }

    /// <summary>
    /// Adds the gradient of <c>logProbWeight·log p(a) + entropyWeight·H</c>:
    /// ∂log p/∂μ = (a − μ)/σ², ∂log p/∂log σ = z² − 1, ∂H/∂log σ = 1.
    /// </summary>
    public static void Backward(
        ReadOnlySpan<float> action, ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, float logProbWeight, float entropyWeight,
        Span<float> meanGradient, Span<float> logStdGradient)
    {
        for (var k = 0; k < action.Length; k++)
        {
            var inverseStd = MathF.Exp(-logStd[k]);
            var z = (action[k] - mean[k]) * inverseStd;
            meanGradient[k] += logProbWeight * z * inverseStd;
            logStdGradient[k] += logProbWeight * (z * z - 1f) + entropyWeight;
        }
    }

    public static void Sample(ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, Random random, Span<float> action)
    {
        for (var k = 0; k < mean.Length; k++)
        {
            var normal = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
            action[k] = mean[k] + MathF.Exp(logStd[k]) * (float)normal;
        }
    }
}
