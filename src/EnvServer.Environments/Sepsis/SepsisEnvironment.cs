using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Sepsis;

/// <summary>
/// <para><b>Description.</b> ICU treatment of sepsis on the simulator of Oberst and Sontag 2019 (clinicalml/gumbel-max-scm,
/// sepsisSimDiabetes). The patient has four discretised vitals — heart rate and systolic blood pressure (low, normal,
/// high), oxygen saturation (low, normal) and glucose (very low … very high) — and a hidden diabetic flag; each step
/// the agent chooses which of antibiotics, mechanical ventilation and vasopressors to give. Three or more abnormal
/// vitals is death; all vitals normal with no treatment in effect is discharge. The transition rules
/// (<see cref="SepsisRules"/>) are drawn by <see cref="SepsisSampler"/> and enumerated exactly by
/// <see cref="SepsisKernel"/>, from which <see cref="SepsisSolver"/> computes the optimal policy by dynamic
/// programming (<see cref="SepsisReference"/>). Three tasks, all at horizon 20:
/// <list type="bullet">
/// <item><c>full_state</c> (easy, default): the full state is observed; the DP policy is exactly optimal.</item>
/// <item><c>observed_state</c> (medium, the paper's setting): the diabetic flag is hidden.</item>
/// <item><c>noisy_monitoring</c> (hard): diabetic flag and glucose hidden; HR, SBP and O2 come from a monitor that
/// misses a reading w.p. 0.2 (carrying the last forward) and misreads w.p. 0.2 (<see cref="SepsisMonitor"/>).</item>
/// </list>
/// Reset options (<see cref="SepsisOptions"/>): <c>dynamics</c> (<c>fixed</c>, or <c>original</c> for the published
/// code's glucose cap, see <see cref="SepsisDynamics"/>), <c>age_group</c> (<c>adult</c>, or <c>older</c>: this
/// project's extension, see <see cref="SepsisAgeGroup"/>) and <c>shaping</c>.</para>
/// <para><b>Actions.</b> <c>{"action": i}</c>, an integer 0–7, i = 4·antibiotics + 2·ventilation + vasopressors
/// (<see cref="SepsisAction"/>). The treatments given become the state's treatment flags.</para>
/// <para><b>Observation.</b> The vitals in clinical terms (<c>heart_rate</c>, <c>systolic_bp</c>, <c>percent_o2</c>,
/// <c>glucose</c>), the treatments in effect, <c>diabetic</c> (null when hidden, <c>glucose</c> too in the hard task),
/// and <c>features</c>, 8 numbers for learners with −1 for hidden values (<see cref="SepsisSchemas.Observation"/>).
/// Metadata adds <c>raw_outcome</c>, <c>shaping</c>, <c>outcome</c> and <c>optimal_value</c>; state adds the full
/// truth and the reference policy's <c>reference_action</c> and <c>reference_value</c>.</para>
/// <para><b>Rewards.</b> The outcome of the step, −1 death, +1 discharge, 0 otherwise, plus (unless <c>shaping</c> is
/// false) the potential-based term F = Φ(s') − Φ(s), Φ = −0.1 × abnormal vitals, Φ(s') = 0 when the step ends the
/// episode (<see cref="SepsisShaping"/>). An episode's shaping sums to −Φ(s₀), so it leaves the optimal policy unchanged.</para>
/// <para><b>Starting state.</b> diabetic ~ Bernoulli(0.2); HR and SBP ~ [0.25, 0.5, 0.25]; O2 ~ [0.2, 0.8]; glucose ~
/// [.05, .15, .6, .15, .05] (non-diabetic) or [.01, .05, .15, .6, .19] (diabetic); no treatment; redrawn while the
/// state is already death or discharge.</para>
/// <para><b>Episode end.</b> Terminated on death or discharge; truncated after 20 steps. The grade is
/// (1 + outcome)/2 — death 0, timeout 0.5, discharge 1 — clipped to [0.001, 0.999] (<see cref="SepsisGrader"/>).</para>
/// </summary>
public sealed class SepsisEnvironment() : EnvironmentBase<SepsisAction>(Spec)
{
    /// <summary>sepsis as the registry serves it; hides the inherited instance property, which returns the same spec.</summary>
    public static new EnvironmentSpec Spec { get; } = new()
    {
        Id = "sepsis",
        Name = "SepsisEnvironment",
        Description = "ICU sepsis treatment on the Oberst & Sontag simulator: choose antibiotics, ventilation and vasopressors each step " +
            "to bring four vitals to normal and discharge the patient, with the exact DP-optimal policy as a reference.",
        ReadmeContent = SepsisReadme.Markdown,
        Tasks = SepsisTasks.All,
        DefaultTaskId = SepsisTasks.FullState,
        Action = SepsisSchemas.Action,
        Observation = SepsisSchemas.Observation,
        State = SepsisSchemas.State,
        Info = SepsisSchemas.Info,
        CostComponents = SepsisCost.Components,
        ResetOptions = SepsisOptions.Fields,
        Baseline = SepsisSafetyRules.Baseline,
        SafetyRules = SepsisSafetyRules.All,
        View = new EnvironmentView("sepsis", []),
        Factory = () => new SepsisEnvironment(),
    };

    // The schema admits whole numbers written as floats (3.0, pydantic's lax int), which GetInt32 would reject.
    protected override SepsisAction ParseAction(JsonElement action)
    {
        var index = action.GetProperty("action");
        return new SepsisAction(index.TryGetInt32(out var i) ? i : (int)index.GetDouble());
    }

    private protected override IEpisode<SepsisAction> StartEpisode(EnvironmentTask task, ResetOptions options, SeededRandom random, Realism realism) =>
        SepsisEpisode.Start(task.Id, options, random, realism);
}
