namespace EnvServer.Training.Algorithms;

/// <summary>
/// GAE(γ, λ) (Schulman et al. 2016) over one environment's rollout, with the two ways an episode can
/// end told apart: a terminated step has no future (its next value is 0), while a truncated step
/// (time limit) still has one, bootstrapped from the value of the observation it ended in. Either
/// way the advantage does not flow back across the episode boundary.
/// </summary>
internal static class GeneralizedAdvantageEstimation
{
    /// <param name="rewards">r_t for t = 0..T−1.</param>
    /// <param name="values">V(s_t) for t = 0..T−1.</param>
    /// <param name="terminated">Whether step t ended its episode in a terminal state.</param>
    /// <param name="truncated">Whether step t ended its episode at the time limit.</param>
    /// <param name="truncatedValues">V(final observation of step t), read only where step t was truncated.</param>
    /// <param name="lastValue">V(s_T), the observation after the rollout's last step.</param>
    /// <param name="gamma">Discount γ.</param>
    /// <param name="lambda">GAE λ.</param>
    /// <param name="advantages">Â_t, written.</param>
    /// <param name="returns">Â_t + V(s_t), the value targets, written.</param>
    public static void Compute(
        ReadOnlySpan<float> rewards, ReadOnlySpan<float> values, ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated,
        ReadOnlySpan<float> truncatedValues, float lastValue, float gamma, float lambda, Span<float> advantages, Span<float> returns)
    {
        var advantage = 0f;
        for (var t = rewards.Length - 1; t >= 0; t--)
        {
            float nextValue;
            float continues;
            if (terminated[t])
            {
                (nextValue, continues) = (0f, 0f);
            }
            else if (truncated[t])
            {
                (nextValue, continues) = (truncatedValues[t], 0f);
            }
            else
            {
                (nextValue, continues) = (t + 1 < rewards.Length ? values[t + 1] : lastValue, 1f);
            }

            var delta = rewards[t] + gamma * nextValue - values[t];
            advantage = delta + gamma * lambda * continues * advantage;
            advantages[t] = advantage;
            returns[t] = advantage + values[t];
        }
    }

    /// <summary>
    /// <see cref="Compute"/> for each of <paramref name="sessions"/> environments of a vector rollout stored as CleanRL's
    /// (num_steps, num_envs) arrays flattened: step t of session i at t·sessions + i.
    /// </summary>
    /// <remarks>The arrays are those of <see cref="Compute"/>, interleaved; <c>lastValues</c> holds V of each session's
    /// observation after the rollout.</remarks>
    public static void ComputeInterleaved(
        int sessions, float[] rewards, float[] values, bool[] terminated, bool[] truncated, float[] truncatedValues, float[] lastValues,
        float gamma, float lambda, float[] advantages, float[] returns)
    {
        var steps = rewards.Length / sessions;
        (float[] Rewards, float[] Values, bool[] Terminated, bool[] Truncated, float[] TruncatedValues, float[] Advantages, float[] Returns) session =
            (new float[steps], new float[steps], new bool[steps], new bool[steps], new float[steps], new float[steps], new float[steps]);
        for (var i = 0; i < sessions; i++)
        {
            for (var t = 0; t < steps; t++)
            {
                var k = t * sessions + i;
                (session.Rewards[t], session.Values[t], session.Terminated[t], session.Truncated[t], session.TruncatedValues[t]) =
                    (rewards[k], values[k], terminated[k], truncated[k], truncatedValues[k]);
            }

            Compute(
                session.Rewards, session.Values, session.Terminated, session.Truncated, session.TruncatedValues, lastValues[i], gamma, lambda,
                session.Advantages, session.Returns);
            for (var t = 0; t < steps; t++) (advantages[t * sessions + i], returns[t * sessions + i]) = (session.Advantages[t], session.Returns[t]);
        }
    }
}
