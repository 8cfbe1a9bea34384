using static TorchSharp.torch;

namespace EnvServer.Training.Algorithms;

/// <summary>The double-DQN target (van Hasselt et al. 2016) and the importance-weighted Huber loss.</summary>
internal static class DqnLoss
{
    /// <summary>
    /// y_j = r_j + d_j · Q_target(s'_j, argmax_a Q_online(s'_j, a)): the online network chooses the next action, the target
    /// network values it. d_j is the bootstrap discount (γⁿ, or 0 for a terminated episode). No gradient flows through it.
    /// </summary>
    /// <param name="nextOnline">Q_online(s', ·), [B, actions].</param>
    /// <param name="nextTarget">Q_target(s', ·), [B, actions].</param>
    /// <param name="rewards">r, [B].</param>
    /// <param name="discounts">d, [B].</param>
    public static Tensor DoubleTargets(Tensor nextOnline, Tensor nextTarget, Tensor rewards, Tensor discounts)
    {
        using var noGrad = no_grad();
        return rewards + discounts * nextTarget.gather(1, nextOnline.argmax(1, keepdim: true)).squeeze(1);
    }

    /// <summary>
    /// L = (1/B) Σ_j w_j · huber(Q(s_j, a_j) − y_j) with huber(δ) = δ²/2 for |δ| ≤ 1, |δ| − 1/2 beyond (PyTorch's
    /// smooth_l1_loss), and the TD errors δ for the priorities.
    /// </summary>
    public static (Tensor Loss, Tensor TdErrors) Huber(Tensor takenQ, Tensor targets, Tensor weights) =>
        ((weights * nn.functional.smooth_l1_loss(takenQ, targets, reduction: nn.Reduction.None)).mean(), (takenQ - targets).detach());
}
