using EnvServer.Training.NeuralNetworks;

namespace EnvServer.Training.Algorithms;

/// <summary>The double-DQN target (van Hasselt et al. 2016) and the importance-weighted Huber loss.</summary>
internal static class DqnLoss
{
    /// <summary>
    /// y_j = r_j + d_j · Q_target(s'_j, argmax_a Q_online(s'_j, a)): the online network chooses the next action, the target
    /// network values it. d_j is the bootstrap discount (γⁿ, or 0 for a terminated episode).
    /// </summary>
    public static void DoubleTargets(Matrix nextOnline, Matrix nextTarget, ReadOnlySpan<float> rewards, ReadOnlySpan<float> discounts, Span<float> targets)
    {
        for (var j = 0; j < targets.Length; j++)
        {
            var next = discounts[j] == 0 ? 0f : nextTarget[j, QAgent.Greedy(nextOnline.Row(j))];
            targets[j] = rewards[j] + discounts[j] * next;
        }
    }

    /// <summary>
    /// L = (1/B) Σ_j w_j · huber(Q(s_j, a_j) − y_j) with huber(δ) = δ²/2 for |δ| ≤ 1, |δ| − 1/2 beyond (PyTorch's
    /// smooth_l1_loss); writes dL/dQ (non-zero only at the taken actions) and the TD errors δ.
    /// </summary>
    public static double Huber(Matrix q, ReadOnlySpan<int> actions, ReadOnlySpan<float> targets, ReadOnlySpan<float> weights, Matrix qGradient, Span<float> tdErrors)
    {
        Array.Clear(qGradient.Data);
        var batch = targets.Length;
        var loss = 0.0;
        for (var j = 0; j < batch; j++)
        {
            var delta = q[j, actions[j]] - targets[j];
            tdErrors[j] = delta;
            var magnitude = Math.Abs(delta);
            loss += weights[j] * (magnitude <= 1 ? 0.5 * delta * delta : magnitude - 0.5);
            qGradient[j, actions[j]] = weights[j] * Math.Clamp(delta, -1f, 1f) / batch;
        }

        return loss / batch;
    }
}
