using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Networks;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// Gymnasium's NormalizeReward followed by CleanRL's reward clip, as in ppo_continuous_action.py: each reward is divided
/// by the running standard deviation of the discounted return of its session and clipped to ±10. Scaling every reward
/// by one positive number leaves the optimal policy unchanged and keeps value targets near unit scale, which matters
/// where raw rewards span many orders of magnitude (hiv: 1e4 to 1e8 per step).
/// </summary>
/// <param name="sessions">Concurrent sessions, each with its own discounted return.</param>
/// <param name="gamma">Discount of the return.</param>
/// <param name="returnStatistics">Statistics of the discounted return to continue (and update in place), e.g. a federated
/// client's across rounds; fresh ones by default.</param>
internal sealed class RewardNormalizer(int sessions, float gamma, RunningMeanStd? returnStatistics = null)
{
    private const float Clip = 10f;

    private readonly double[] _discountedReturns = new double[sessions];
    private readonly RunningMeanStd _returnStatistics = returnStatistics ?? new(1);
    private readonly Matrix _batch = new(sessions, 1);

    /// <summary>Normalises one step of every session in place; a session's discounted return restarts after its episode ends.</summary>
    public void Normalize(Span<float> rewards, ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated)
    {
        for (var i = 0; i < rewards.Length; i++)
        {
            _discountedReturns[i] = _discountedReturns[i] * gamma + rewards[i];
            _batch[i, 0] = (float)_discountedReturns[i];
        }

        _returnStatistics.Update(_batch);
        var scale = Math.Sqrt(_returnStatistics.Variance[0] + RunningMeanStd.Epsilon);
        for (var i = 0; i < rewards.Length; i++)
        {
            rewards[i] = (float)Math.Clamp(rewards[i] / scale, -Clip, Clip);
            if (terminated[i] || truncated[i]) _discountedReturns[i] = 0;
        }
    }
}
