namespace EnvServer.Environments.Sepsis;

/// <summary>
/// The reference optimum of one <see cref="SepsisModel"/> at the tasks' horizon: its exact kernel and the
/// finite-horizon optimal policy on full states, built once per model on first use and shared (read-only).
/// <para>What it means per task: in <c>full_state</c> the agent sees the full state, so <see cref="Policy"/> is the
/// optimal policy and <see cref="OptimalValue"/> the best achievable expected outcome. In <c>observed_state</c> and
/// <c>noisy_monitoring</c> the agent cannot see the diabetic flag (nor, in the hard task, glucose and the true
/// vitals), so the same value is an upper bound on what any agent can achieve there (the POMDP optimum lies below it),
/// and <see cref="Policy"/> is the policy of an oracle that sees the hidden state.</para>
/// </summary>
public sealed class SepsisReference
{
    /// <summary>Steps per episode in every task (the paper's horizon).</summary>
    public const int Horizon = 20;

    private static readonly Lazy<SepsisReference>[] Cache =
        SepsisModel.All.Select(m => new Lazy<SepsisReference>(() => new SepsisReference(m))).ToArray();

    private SepsisReference(SepsisModel model)
    {
        Kernel = SepsisKernel.Build(model);
        Policy = SepsisSolver.SolveFiniteHorizon(Kernel, Horizon);
    }

    public static SepsisReference For(SepsisModel model) => Cache[SepsisRules.IndexOf(model)].Value;

    public SepsisModel Model => Kernel.Model;

    public SepsisKernel Kernel { get; }

    /// <summary>The optimal policy: <c>Policy.Action(step, state)</c>, with its values and action values.</summary>
    public SepsisSolution Policy { get; }

    /// <summary>Expected outcome (P(discharge) − P(death)) of the optimal policy from admission over <see cref="Horizon"/> steps.</summary>
    public double OptimalValue => Policy.StartValue;
}
