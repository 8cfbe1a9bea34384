namespace EnvServer.Environments.Sepsis;

/// <summary>
/// Potential-based shaping (Ng, Harada and Russell 1999): each step adds F = γ·Φ(s') − Φ(s) to the ±1 outcome, with
/// Φ(s) = −<see cref="Scale"/> × (abnormal vitals of s), γ = <see cref="Gamma"/> = 1, and Φ(s') = 0 when the step ends
/// the episode (death, discharge, or the horizon). The shaping of an episode then telescopes to −Φ(s₀), a constant of
/// the admission state, so every policy's value shifts by the same amount from each state and the optimal policy is
/// unchanged (the DP shows it: <see cref="SepsisSolver.SolveFiniteHorizon"/> with and without shaping).
/// </summary>
public static class SepsisShaping
{
    /// <summary>Potential per abnormal vital: one abnormal vital fewer is worth +0.1, a tenth of discharge.</summary>
    public const double Scale = 0.1;

    /// <summary>Discount of the shaping term. Episodes are finite (20 steps), so γ = 1 as for the outcome.</summary>
    public const double Gamma = 1.0;

    public static double Potential(SepsisState state) => -Scale * state.AbnormalCount;

    /// <summary>F for a step from <paramref name="from"/> to <paramref name="to"/>; <paramref name="episodeEnds"/> sets Φ(s') = 0.</summary>
    public static double Term(SepsisState from, SepsisState to, bool episodeEnds) =>
        (episodeEnds ? 0.0 : Gamma * Potential(to)) - Potential(from);
}
