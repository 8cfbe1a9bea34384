using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.DrugDose;

/// <summary>
/// <para><b>Description.</b> Drug dosage control after the seed rl-drug-dosage-poc (<c>DrugDoseEnv</c>):
/// each step the agent gives one dose and tries to keep the patient's drug concentration inside the
/// therapeutic window [c_min, c_max] = [2, 3] (<see cref="TherapeuticWindow.Default"/>). Three tasks:
/// <list type="bullet">
/// <item><c>fixed_patient</c> (easy, default): the seed's one-compartment model
/// C(t+1) = max(0, C(t)·(1 − k) + dose + σ·N(0, 1)) with k = 0.05 and σ = 0 (<see cref="OneCompartmentModel"/>).</item>
/// <item><c>variable_patient</c> (medium): the same model with k ~ U(0.03, 0.08) drawn per reset and
/// σ = 0.01, the seed's training setting (<see cref="PatientFactory"/>).</item>
/// <item><c>pkpd_toxicity</c> (hard): a two-compartment model with an effect site, one step per dosing
/// interval (<see cref="TwoCompartmentEffectSiteModel"/>), patient rates drawn per reset
/// (<see cref="TwoCompartmentPatient"/>), σ = 0.01 on the central compartment. The window applies to the
/// effect-site concentration Ce, which lags plasma, and plasma is only measured every 4 steps
/// (<see cref="PlasmaAssay"/>).</item>
/// </list></para>
/// <para><b>Actions.</b> <c>{"dose": x}</c>, a number clipped to [0, max_dose] (max_dose = 1 by default).
/// The clipped dose is what the patient receives and what the observation reports.</para>
/// <para><b>Observation.</b> <c>concentration</c> (true C in easy and medium; the last measured plasma
/// concentration in hard), <c>dose</c> (clipped dose of this step, 0.0 at reset), <c>in_window</c> (target
/// concentration — C, or Ce in hard — inside the window), <c>measurement_age</c> (steps since the
/// measurement; always 0 in easy and medium), <c>target_low</c> and <c>target_high</c> (2.0 and 3.0), and
/// <c>features</c>: [concentration] in easy and medium (the seed's observation), [measured concentration,
/// measurement_age, last dose] in hard. Metadata adds <c>in_range_pct</c> and <c>toxic</c>
/// (<see cref="DrugDoseSchemas.Info"/>); state adds the hidden truth (<see cref="DrugDoseSchemas.State"/>).</para>
/// <para><b>Rewards.</b> On the target concentration after the step: +1 inside the window, else minus its
/// distance to the window. In hard, minus 0.1 per unit of dose, and minus a further 10 on the step Ce
/// exceeds the toxic threshold 4.5 (<see cref="TreatmentRules.PkpdToxicity"/>).</para>
/// <para><b>Starting state.</b> Concentration initial_concentration (default 0, the seed's empty patient); in
/// hard it fills plasma and the effect site and the peripheral compartment starts empty, and the first
/// plasma sample is taken at reset. Variable patients are drawn from the episode's seed.</para>
/// <para><b>Episode end.</b> Truncated after max_steps steps (default 100). In hard, terminated (not
/// truncated, even at the horizon) on the step Ce exceeds 4.5. The grade is the number of steps with the
/// target concentration in the window divided by max_steps, minus 0.5 after a toxic event
/// (<see cref="DrugDoseGrader"/>), clipped to [0.001, 0.999].</para>
/// <para>Reset options (<see cref="DrugDoseOptions"/>): elimination_rate (k, or k10 in hard), noise_std,
/// initial_concentration, max_dose and max_steps.</para>
/// </summary>
public sealed class DrugDoseEnvironment() : EnvironmentBase<DrugDoseAction>(Spec)
{
    /// <summary>drug-dose as the registry serves it; hides the inherited instance property, which returns the same spec.</summary>
    public static new EnvironmentSpec Spec { get; } = new()
    {
        Id = "drug-dose",
        Name = "DrugDoseEnvironment",
        Description = "Drug dosage control: dose a patient each step to keep the drug concentration in the therapeutic window [2, 3], " +
            "from a fixed one-compartment patient to a two-compartment patient with effect-site delay, sparse noisy measurements and toxicity.",
        ReadmeContent = DrugDoseReadme.Markdown,
        Tasks = DrugDoseTasks.All,
        DefaultTaskId = DrugDoseTasks.FixedPatient,
        Action = DrugDoseSchemas.Action,
        Observation = DrugDoseSchemas.Observation,
        State = DrugDoseSchemas.State,
        Info = DrugDoseSchemas.Info,
        CostComponents = DrugDoseCost.Components,
        ResetOptions = DrugDoseOptions.Fields,
        Baseline = DrugDoseSafetyRules.Baseline,
        SafetyRules = DrugDoseSafetyRules.All,
        View = new EnvironmentView("drug-dose", [new ViewSeries("concentration", "concentration"), new ViewSeries("dose", "dose")]),
        Factory = () => new DrugDoseEnvironment(),
    };

    protected override DrugDoseAction ParseAction(JsonElement action) => new(action.GetProperty("dose").GetDouble());

    private protected override IEpisode<DrugDoseAction> StartEpisode(EnvironmentTask task, ResetOptions options, SeededRandom random, Realism realism) =>
        DrugDoseEpisode.Start(task.Id, options, random, realism);
}
