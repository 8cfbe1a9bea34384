using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Hiv;

/// <summary>
/// <para><b>Description.</b> Antiretroviral therapy on the HIV model of Adams et al. (2004), as used for RL by
/// Ernst et al. (2006) and reproduced exactly from the public HIVPatient benchmark (RL-MVA <c>src/env_hiv.py</c>).
/// Six state variables (<see cref="HivState"/>): healthy and infected CD4+ T cells (T1, T1*), healthy and infected
/// macrophages (T2, T2*), free virions V and HIV-specific effector cells E, per mL; 20 parameters
/// (<see cref="HivParameters"/>), right-hand side in <see cref="HivRates"/>. Every step is a 5-day treatment
/// interval (4.999 days, as the benchmark computes it). Three tasks (<see cref="HivTasks"/>):
/// <list type="bullet">
/// <item><c>default_patient</c> (easy, default): the benchmark's default patient, full state observed.</item>
/// <item><c>randomized_patient</c> (medium): the benchmark's domain randomisation, k1 ~ U(5e-7, 8e-7),
/// k2 ~ U(1e-5, 1e-4), f ~ U(0.29, 0.34) drawn per reset (<see cref="HivPatientFactory"/>).</item>
/// <item><c>clinical_monitoring</c> (hard): a randomised patient seen only through CD4 count and viral load with
/// log-normal assay noise (<see cref="ClinicalAssay"/>).</item>
/// </list>
/// The reset option <c>cohort</c> replaces the task's patient with one drawn from a named population of
/// <c>data/hiv/cohorts.json</c> (<see cref="HivCohortCatalog"/>), for federated clients with non-IID patients.</para>
/// <para><b>Actions.</b> <c>{"action": i}</c>, i in the benchmark's order (<see cref="HivTreatment"/>): 0 none,
/// 1 protease inhibitor only (ε2 = 0.3), 2 reverse-transcriptase inhibitor only (ε1 = 0.7), 3 both.</para>
/// <para><b>Observation.</b> <c>state</c> (clipped [T1, T1*, T2, T2*, V, E]), <c>log_state</c> (its log10),
/// <c>cd4</c> (T1 + T1*), <c>viral_load</c> (V), <c>action</c>, <c>rti_efficacy</c> and <c>pi_efficacy</c> applied,
/// and <c>features</c> for learners (<see cref="HivSchemas.Observation"/>). In clinical_monitoring <c>state</c> and
/// <c>log_state</c> are null and cd4 and viral_load are noisy measurements. State adds the hidden truth and the
/// patient's parameters (<see cref="HivSchemas.State"/>).</para>
/// <para><b>Rewards.</b> The benchmark's r = −(0.1·V + 2e4·ε1² + 2e4·ε2² − 1e3·E) on the clipped state before the
/// step (<see cref="HivReward"/>).</para>
/// <para><b>Starting state.</b> The benchmark's "unhealthy" steady state T1 = 163573, T1* = 11945, T2 = 5,
/// T2* = 46, V = 63919, E = 24 (option <c>initial_state</c>: also "healthy" or "uninfected").</para>
/// <para><b>Episode end.</b> Truncated after 200 steps (<c>max_steps</c>); never terminated unless the option
/// <c>early_termination</c> is on and the patient has been clinically stable for 10 steps
/// (<see cref="ClinicalStability"/>). The grade is (log10 R − log10 3,432,807.68) / (log10 5e10 − log10 3,432,807.68)
/// of the return R (<see cref="HivGrader"/>), clipped to [0.001, 0.999].</para>
/// <para><b>Integration.</b> The state is clipped to [0, upper] before and after each step. The reference integrator
/// (default) is the benchmark's forward Euler, h = 1e-3 day, 4999 sub-steps (<see cref="ReferenceEulerIntegrator"/>);
/// <c>integrator: "fast"</c> selects RODAS4, an adaptive L-stable Rosenbrock method with the analytic Jacobian (<see cref="FastIntegrator"/>).</para>
/// </summary>
public sealed class HivEnvironment() : EnvironmentBase<HivAction>(Spec)
{
    /// <summary>hiv as the registry serves it; hides the inherited instance property, which returns the same spec.</summary>
    public static new EnvironmentSpec Spec { get; } = new()
    {
        Id = "hiv",
        Name = "HivEnvironment",
        Description = "HIV antiretroviral therapy on the Adams/Ernst ODE model, matching the public HIVPatient benchmark: choose none, PI, RTI or both " +
            "every 5 days for 200 steps; fixed, randomised or cohort patients, full state or noisy clinical monitoring.",
        ReadmeContent = HivReadme.Markdown,
        Tasks = HivTasks.All,
        DefaultTaskId = HivTasks.DefaultPatient,
        Action = HivSchemas.Action,
        Observation = HivSchemas.Observation,
        State = HivSchemas.State,
        Info = HivSchemas.Info,
        CostComponents = HivCost.Components,
        ResetOptions = HivOptions.Fields,
        Baseline = HivSafetyRules.Baseline,
        SafetyRules = HivSafetyRules.All,
        View = new EnvironmentView("hiv", [new ViewSeries("viral_load", "viral load (copies/mL)"), new ViewSeries("cd4", "CD4 (cells/mL)")])
        {
            TimeUnit = "day",
            UnitsPerStep = 5,
            LogScale = true,
        },
        Factory = () => new HivEnvironment(),
    };

    protected override HivAction ParseAction(JsonElement action) => new((int)action.GetProperty(HivSchemas.ActionField).GetDouble());

    private protected override IEpisode<HivAction> StartEpisode(EnvironmentTask task, ResetOptions options, SeededRandom random, Realism realism) =>
        HivEpisode.Start(task.Id, options, random, realism);
}
