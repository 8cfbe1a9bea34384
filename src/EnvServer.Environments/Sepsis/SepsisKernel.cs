namespace EnvServer.Environments.Sepsis;

/// <summary>
/// The exact transition kernel of one <see cref="SepsisModel"/>: for each of the 1440 full states and 8 actions, the
/// probability of every next full state and of death and discharge, found by enumerating every combination of
/// results of <see cref="SepsisRules"/>' stages (products of the rule probabilities, summed per next state; nothing is
/// estimated). Stored sparsely: row <c>8·state + action</c> lists its successors in increasing index order.
/// </summary>
public sealed class SepsisKernel
{
    /// <summary>Successor index of death (reward −1, terminal).</summary>
    public const int Death = SepsisState.Count;

    /// <summary>Successor index of discharge (reward +1, terminal).</summary>
    public const int Discharge = SepsisState.Count + 1;

    private readonly int[] _rowStart;
    private readonly int[] _next;
    private readonly double[] _probability;

    private SepsisKernel(SepsisModel model, int[] rowStart, int[] next, double[] probability, double[] initial)
    {
        Model = model;
        _rowStart = rowStart;
        _next = next;
        _probability = probability;
        Initial = initial;
    }

    public SepsisModel Model { get; }

    /// <summary>Admission distribution over full states (zero on absorbing states, which are redrawn).</summary>
    public IReadOnlyList<double> Initial { get; }

    /// <summary>Number of stored (state, action, successor) entries with positive probability.</summary>
    public int EntryCount => _next.Length;

    /// <summary>Whether successor <paramref name="next"/> ends the episode (death or discharge).</summary>
    public static bool IsTerminal(int next) => next >= SepsisState.Count;

    /// <summary>The unshaped reward of reaching successor <paramref name="next"/>: −1 death, +1 discharge, 0 otherwise.</summary>
    public static double Reward(int next) => next == Death ? -1.0 : next == Discharge ? 1.0 : 0.0;

    /// <summary>Successor index of a state reached by a transition: death, discharge or the state itself.</summary>
    public static int SuccessorOf(SepsisState next) => SepsisOutcomes.Of(next) switch
    {
        SepsisOutcome.Death => Death,
        SepsisOutcome.Discharge => Discharge,
        _ => next.Index,
    };

    /// <summary>Successors of (state, action) and their probabilities, which sum to 1.</summary>
    public (ReadOnlyMemory<int> Next, ReadOnlyMemory<double> Probability) Row(int state, int action)
    {
        var row = state * SepsisAction.Count + action;
        var start = _rowStart[row];
        var length = _rowStart[row + 1] - start;
        return (_next.AsMemory(start, length), _probability.AsMemory(start, length));
    }

    internal ReadOnlySpan<int> NextSpan(int row) => _next.AsSpan(_rowStart[row], _rowStart[row + 1] - _rowStart[row]);

    internal ReadOnlySpan<double> ProbabilitySpan(int row) => _probability.AsSpan(_rowStart[row], _rowStart[row + 1] - _rowStart[row]);

    /// <summary>Enumerates the kernel of <paramref name="model"/>.</summary>
    public static SepsisKernel Build(SepsisModel model)
    {
        var rules = SepsisRules.For(model);
        var rows = SepsisState.Count * SepsisAction.Count;
        var rowStart = new int[rows + 1];
        var next = new List<int>(rows * 16);
        var probability = new List<double>(rows * 16);
        var scratch = new double[SepsisState.Count + 2];
        var touched = new List<int>(64);
        for (var s = 0; s < SepsisState.Count; s++)
        {
            var state = SepsisState.FromIndex(s);
            for (var a = 0; a < SepsisAction.Count; a++)
            {
                var action = new SepsisAction(a);
                Enumerate(rules, 0, state, action, 1.0, scratch, touched);
                touched.Sort();
                foreach (var j in touched)
                {
                    next.Add(j);
                    probability.Add(scratch[j]);
                    scratch[j] = 0;
                }

                touched.Clear();
                rowStart[s * SepsisAction.Count + a + 1] = next.Count;
            }
        }

        return new SepsisKernel(model, rowStart, [.. next], [.. probability], InitialDistribution());
    }

    /// <summary>The admission distribution: the product of the initial tables, absorbing states removed, renormalised.</summary>
    public static double[] InitialDistribution()
    {
        var initial = new double[SepsisState.Count];
        var total = 0.0;
        for (var s = 0; s < SepsisState.Count; s++)
        {
            var state = SepsisState.FromIndex(s);
            if (state.OnTreatment || SepsisOutcomes.Of(state) != SepsisOutcome.Continue) continue;
            var p = (state.Diabetic ? SepsisRules.DiabeticProbability : 1 - SepsisRules.DiabeticProbability)
                * SepsisRules.InitialHeartRate[state.HeartRate]
                * SepsisRules.InitialSystolicBp[state.SystolicBp]
                * SepsisRules.InitialPercentO2[state.PercentO2]
                * (state.Diabetic ? SepsisRules.InitialDiabeticGlucose : SepsisRules.InitialGlucose)[state.Glucose];
            initial[s] = p;
            total += p;
        }

        for (var s = 0; s < SepsisState.Count; s++) initial[s] /= total;
        return initial;
    }

    private static void Enumerate(SepsisRules rules, int stage, SepsisState current, SepsisAction action, double p, double[] scratch, List<int> touched)
    {
        if (stage == SepsisRules.StageCount)
        {
            var j = SuccessorOf(current.WithTreatments(action));
            if (scratch[j] == 0) touched.Add(j);
            scratch[j] += p;
            return;
        }

        Span<SepsisBranch> buffer = stackalloc SepsisBranch[SepsisBranches.Capacity];
        var branches = new SepsisBranches(buffer);
        rules.Branches(stage, current, action, ref branches);
        for (var i = 0; i < branches.Count; i++)
        {
            Enumerate(rules, stage + 1, branches[i].State, action, p * branches[i].Probability, scratch, touched);
        }
    }
}
