namespace EnvServer.Training.Algorithms;

/// <summary>
/// PPO's per-sample losses and their derivatives, as CleanRL's ppo.py writes them: the clipped
/// surrogate max(−Â·ρ, −Â·clip(ρ, 1−ε, 1+ε)) with ρ = exp(log π − log π_old), and the clipped value
/// loss ½·max((V − R)², (V_old + clip(V − V_old, −ε, ε) − R)²).
/// </summary>
internal static class PpoLoss
{
    /// <returns>The policy loss of one sample and its derivative with respect to the new log-probability.</returns>
    public static (float Loss, float GradientLogProb) Policy(float newLogProb, float oldLogProb, float advantage, float clip)
    {
        var ratio = MathF.Exp(newLogProb - oldLogProb);
        var unclipped = -advantage * ratio;
        var clipped = -advantage * Math.Clamp(ratio, 1f - clip, 1f + clip);

        // Where the clipped term is the larger it is constant in ρ: no gradient.
        return unclipped >= clipped ? (unclipped, unclipped) : (clipped, 0f);
    }

    /// <returns>The value loss of one sample and its derivative with respect to the new value.</returns>
    public static (float Loss, float GradientValue) Value(float newValue, float oldValue, float target, float clip)
    {
        var unclippedError = newValue - target;
        var difference = newValue - oldValue;
        var clippedError = oldValue + Math.Clamp(difference, -clip, clip) - target;
        if (unclippedError * unclippedError >= clippedError * clippedError) return (0.5f * unclippedError * unclippedError, unclippedError);
        return (0.5f * clippedError * clippedError, MathF.Abs(difference) < clip ? clippedError : 0f);
    }

    /// <summary>Unclipped value loss ½(V − R)², for runs with value clipping off.</summary>
    public static (float Loss, float GradientValue) UnclippedValue(float newValue, float target) =>
        (0.5f * (newValue - target) * (newValue - target), newValue - target);

    /// <summary>The approximate KL divergence estimator CleanRL logs: (ρ − 1) − log ρ.</summary>
    public static float ApproximateKl(float newLogProb, float oldLogProb)
    {
        var logRatio = newLogProb - oldLogProb;
        return MathF.Exp(logRatio) - 1f - logRatio;
    }

    public static bool IsClipped(float newLogProb, float oldLogProb, float clip) => MathF.Abs(MathF.Exp(newLogProb - oldLogProb) - 1f) > clip;
}
