namespace EnvServer.Environments.Sepsis;

/// <summary>
/// Exact dynamic programming on a <see cref="SepsisKernel"/>: backward induction for the finite-horizon optimum,
/// exact evaluation of any policy, and value iteration for the stationary discounted optimum. Returns are of the
/// ±1 outcome (death −1, discharge +1, 0 when truncated) unless shaping is asked for.
/// </summary>
public static class SepsisSolver
{
    /// <summary>Bound on value-iteration sweeps; with γ ≤ 0.999 and rewards in [−1, 1] convergence takes far fewer.</summary>
    private const int MaxSweeps = 1_000_000;

    /// <summary>Backward induction over <paramref name="horizon"/> steps; <paramref name="shaped"/> adds <see cref="SepsisShaping"/>'s F.</summary>
    public static SepsisSolution SolveFiniteHorizon(SepsisKernel kernel, int horizon, bool shaped = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var values = new double[horizon + 1][];
        var q = new double[horizon][];
        var policy = new int[horizon][];
        values[horizon] = new double[SepsisState.Count];
        for (var t = horizon - 1; t >= 0; t--)
        {
            var v = values[t] = new double[SepsisState.Count];
            var qt = q[t] = new double[SepsisState.Count * SepsisAction.Count];
            var pt = policy[t] = new int[SepsisState.Count];
            var last = t == horizon - 1;
            for (var s = 0; s < SepsisState.Count; s++)
            {
                var best = double.NegativeInfinity;
                for (var a = 0; a < SepsisAction.Count; a++)
                {
                    var row = s * SepsisAction.Count + a;
                    qt[row] = Backup(kernel, row, s, values[t + 1], shaped, last);
                    best = Math.Max(best, qt[row]);
                }

                var choice = 0;
                while (qt[s * SepsisAction.Count + choice] < best - SepsisSolution.TieTolerance) choice++;
                pt[s] = choice;
                v[s] = best;
            }
        }

        return new SepsisSolution(kernel, values, q, policy);
    }

    /// <summary>V₀ of <paramref name="policy"/> over <paramref name="horizon"/> steps (unshaped), by backward evaluation.</summary>
    public static double[] Evaluate(SepsisKernel kernel, int horizon, ISepsisPolicy policy)
    {
        var next = new double[SepsisState.Count];
        var probabilities = new double[SepsisAction.Count];
        for (var t = horizon - 1; t >= 0; t--)
        {
            var v = new double[SepsisState.Count];
            for (var s = 0; s < SepsisState.Count; s++)
            {
                policy.Probabilities(t, SepsisState.FromIndex(s), probabilities);
                var total = 0.0;
                for (var a = 0; a < SepsisAction.Count; a++)
                {
                    if (probabilities[a] != 0) total += probabilities[a] * Backup(kernel, s * SepsisAction.Count + a, s, next, false, false);
                }

                v[s] = total;
            }

            next = v;
        }

        return next;
    }

    /// <summary>Expected return from admission of a policy over <paramref name="horizon"/> steps.</summary>
    public static double EvaluateStart(SepsisKernel kernel, int horizon, ISepsisPolicy policy) =>
        StartValue(kernel, Evaluate(kernel, horizon, policy));

    /// <summary>Σ_s μ₀(s)·v(s).</summary>
    public static double StartValue(SepsisKernel kernel, IReadOnlyList<double> values)
    {
        var total = 0.0;
        for (var s = 0; s < SepsisState.Count; s++) total += kernel.Initial[s] * values[s];
        return total;
    }

    /// <summary>
    /// The stationary optimum of the discounted infinite-horizon problem (no truncation): value iteration until the
    /// largest change is below <paramref name="tolerance"/>, then the greedy policy (lowest index among ties).
    /// </summary>
    public static (double[] Values, int[] Policy, int Iterations) SolveDiscounted(SepsisKernel kernel, double gamma, double tolerance = 1e-12)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gamma);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(gamma, 1.0);
        var v = new double[SepsisState.Count];
        var policy = new int[SepsisState.Count];
        var q = new double[SepsisAction.Count];
        for (var iteration = 1; ; iteration++)
        {
            var next = new double[SepsisState.Count];
            var change = 0.0;
            for (var s = 0; s < SepsisState.Count; s++)
            {
                var best = double.NegativeInfinity;
                for (var a = 0; a < SepsisAction.Count; a++)
                {
                    q[a] = DiscountedBackup(kernel, s * SepsisAction.Count + a, v, gamma);
                    best = Math.Max(best, q[a]);
                }

                var choice = 0;
                while (q[choice] < best - SepsisSolution.TieTolerance) choice++;
                policy[s] = choice;
                next[s] = best;
                change = Math.Max(change, Math.Abs(best - v[s]));
            }

            v = next;
            if (change < tolerance) return (v, policy, iteration);
            if (iteration == MaxSweeps) throw new InvalidOperationException($"Value iteration did not reach {tolerance} in {MaxSweeps} sweeps.");
        }
    }

    private static double Backup(SepsisKernel kernel, int row, int state, double[] next, bool shaped, bool lastStep)
    {
        var successors = kernel.NextSpan(row);
        var probabilities = kernel.ProbabilitySpan(row);
        var total = 0.0;
        for (var i = 0; i < successors.Length; i++)
        {
            var j = successors[i];
            var reward = SepsisKernel.Reward(j);
            if (!SepsisKernel.IsTerminal(j)) reward += next[j];
            if (shaped)
            {
                var ends = lastStep || SepsisKernel.IsTerminal(j);
                var potentialNext = ends ? 0.0 : SepsisShaping.Potential(SepsisState.FromIndex(j));
                reward += SepsisShaping.Gamma * potentialNext - SepsisShaping.Potential(SepsisState.FromIndex(state));
            }

            total += probabilities[i] * reward;
        }

        return total;
    }

    private static double DiscountedBackup(SepsisKernel kernel, int row, double[] v, double gamma)
    {
        var successors = kernel.NextSpan(row);
        var probabilities = kernel.ProbabilitySpan(row);
        var total = 0.0;
        for (var i = 0; i < successors.Length; i++)
        {
            var j = successors[i];
            total += probabilities[i] * (SepsisKernel.IsTerminal(j) ? SepsisKernel.Reward(j) : gamma * v[j]);
        }

        return total;
    }
}
