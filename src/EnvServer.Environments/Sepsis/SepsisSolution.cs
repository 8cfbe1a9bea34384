namespace EnvServer.Environments.Sepsis;

/// <summary>
/// The exact finite-horizon optimum of one kernel: values V_t(s), action values Q_t(s, a) and the optimal
/// (time-dependent) policy π_t(s) for steps t = 0 … horizon − 1, on full states. As a policy it is deterministic.
/// </summary>
public sealed class SepsisSolution : ISepsisPolicy
{
    /// <summary>Actions whose Q is within this of the best count as tied; the lowest index among them is chosen.</summary>
    public const double TieTolerance = 1e-12;

    private readonly double[][] _values;
    private readonly double[][] _q;
    private readonly int[][] _policy;

    internal SepsisSolution(SepsisKernel kernel, double[][] values, double[][] q, int[][] policy)
    {
        Kernel = kernel;
        _values = values;
        _q = q;
        _policy = policy;
        Horizon = policy.Length;
        StartValue = SepsisSolver.StartValue(kernel, values[0]);
    }

    public SepsisKernel Kernel { get; }

    public int Horizon { get; }

    /// <summary>Expected return from admission: Σ_s μ₀(s)·V₀(s).</summary>
    public double StartValue { get; }

    /// <summary>V_t(s), the expected return of the remaining steps from state <paramref name="state"/> before step <paramref name="step"/>.</summary>
    public double Value(int step, int state) => _values[step][state];

    public double Q(int step, int state, int action) => _q[step][state * SepsisAction.Count + action];

    /// <summary>π_t(s); at or past the horizon the last step's choice.</summary>
    public SepsisAction Action(int step, SepsisState state) =>
        new(_policy[Math.Clamp(step, 0, Horizon - 1)][state.Index]);

    public void Probabilities(int step, SepsisState state, Span<double> probabilities)
    {
        probabilities.Clear();
        probabilities[Action(step, state).Index] = 1.0;
    }
}
