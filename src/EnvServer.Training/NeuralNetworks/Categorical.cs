namespace EnvServer.Training.NeuralNetworks;

/// <summary>
/// A categorical policy over discrete actions from logits, with an optional mask of allowed
/// actions (masked actions get probability 0 and log-probability −∞, and no gradient), as a
/// learner masks the logits of actions an environment's action mask forbids.
/// </summary>
internal static class Categorical
{
    /// <summary>log softmax over the allowed actions; an empty mask allows all.</summary>
    public static void LogSoftmax(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, Span<float> logProbs)
    {
        var max = float.NegativeInfinity;
        for (var j = 0; j < logits.Length; j++)
        {
            if (Allowed(mask, j) && logits[j] > max) max = logits[j];
        }

        if (float.IsNegativeInfinity(max)) throw new ArgumentException("The mask allows no action.", nameof(mask));
        var sum = 0.0;
        for (var j = 0; j < logits.Length; j++)
        {
            if (Allowed(mask, j)) sum += Math.Exp(logits[j] - max);
        }

        var logNormalizer = max + (float)Math.Log(sum);
        for (var j = 0; j < logits.Length; j++) logProbs[j] = Allowed(mask, j) ? logits[j] - logNormalizer : float.NegativeInfinity;
    }

    /// <summary>H = −Σ p·log p over the allowed actions.</summary>
    public static float Entropy(ReadOnlySpan<float> logProbs)
    {
        var entropy = 0f;
        foreach (var logProb in logProbs)
        {
            if (!float.IsNegativeInfinity(logProb)) entropy -= MathF.Exp(logProb) * logProb;
        }

        return entropy;
    }

    /// <summary>
    /// Adds to <paramref name="logitGradient"/> the gradient of
    /// <c>logProbWeight·log p(action) + entropyWeight·H</c> with respect to the logits:
    /// ∂log p(a)/∂l_j = [j = a] − p_j and ∂H/∂l_j = −p_j (log p_j + H).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> logProbs, int action, float logProbWeight, float entropyWeight, Span<float> logitGradient)
    {
        var entropy = Entropy(logProbs);
        for (var j = 0; j < logProbs.Length; j++)
        {
            if (float.IsNegativeInfinity(logProbs[j])) continue;
            var p = MathF.Exp(logProbs[j]);
            logitGradient[j] += logProbWeight * ((j == action ? 1f : 0f) - p) - entropyWeight * p * (logProbs[j] + entropy);
        }
    }

    public static int Sample(ReadOnlySpan<float> logProbs, Random random)
    {
        var u = random.NextDouble();
        var cumulative = 0.0;
        var last = -1;
        for (var j = 0; j < logProbs.Length; j++)
        {
            if (float.IsNegativeInfinity(logProbs[j])) continue;
            last = j;
            cumulative += Math.Exp(logProbs[j]);
            if (u < cumulative) return j;
        }

        return last; // rounding left u just above the total
    }

    /// <summary>The most probable allowed action (a deterministic policy).</summary>
    public static int Mode(ReadOnlySpan<float> logProbs)
    {
        var best = 0;
        for (var j = 1; j < logProbs.Length; j++)
        {
            if (logProbs[j] > logProbs[best]) best = j;
        }

        return best;
    }

    private static bool Allowed(ReadOnlySpan<bool> mask, int action) => mask.IsEmpty || mask[action];
}
