using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// <para><b>Description.</b> Elderly polypharmacy medication review after the seed PolypharmacyEnv: the agent acts as a
/// pharmacist who queries drug–drug interactions (DDIs), sees Beers-criteria flags and proposes interventions under
/// query and intervention budgets. Patients come from <c>data/polypharmacy/patients.csv</c> (40 per task, written by
/// <see cref="PatientGenerator"/>); drug knowledge from drug_metadata.csv, ddi_rules.csv and beers_criteria.csv
/// (<see cref="PolypharmacyCatalog"/>, loaded once and shared). Tasks (<see cref="PolypharmacyTasks"/>; drugs /
/// queries / interventions / max steps): <c>easy_screening</c> 3–5 / 4 / 2 / 10, <c>budgeted_screening</c> (default)
/// 6–10 / 8 / 3 / 20, <c>complex_tradeoff</c> 10–15 / 12 / 5 / 30.</para>
/// <para><b>Actions.</b> Flat, by <c>action_type</c>: <c>query_ddi</c> (drug_id_1, drug_id_2) uses a query and reveals the
/// pair's severity, recommendation, base risk and mechanism; <c>propose_intervention</c> (target_drug_id,
/// intervention_type ∈ stop, dose_reduce, substitute, add_monitoring; proposed_new_drug_id for substitute; optional
/// rationale) uses an intervention; <c>finish_review</c> ends the episode. Malformed actions are protocol errors
/// (422, no step; <see cref="PolypharmacyActionParser"/>): a missing argument, a drug or intervention argument the type does not take, an unknown drug id, a drug
/// queried with itself. Well-formed but impossible actions are in-episode invalid actions (a step, −0.15, no budget
/// used; <see cref="PolypharmacyEpisode"/>): a drug not in the current regimen, an exhausted budget, a pair already
/// queried, a substitute outside the target's ATC class or already taken, a second dose_reduce or add_monitoring of a
/// drug, dose_reduce at the minimum dose. Acting after the end is the base class's EpisodeOverException (409).</para>
/// <para><b>Observation.</b> Patient (id, age, sex, conditions, eGFR and liver categories), the current medications
/// with slot, ATC class, dose, Beers flags, mitigations, valid interventions and in-class substitutes; the query and
/// intervention histories with their results; remaining budgets and steps; the valid query pairs; and
/// <c>action_mask</c>, 166 flags over the fixed layout of <see cref="ActionMask"/>; <c>features</c>, the same by slot as numbers
/// for learners (<see cref="PolypharmacyFeatures"/>); <c>last_action_error</c>.</para>
/// <para><b>Rewards.</b> (<see cref="PolypharmacyRewards"/>) query: discovery bonus (severe 0.05, moderate 0.02) − 0.015;
/// intervention: Δrisk − 0.025, Δrisk by <see cref="RiskModel"/> (which documents what dose_reduce and add_monitoring
/// do); invalid: −0.15; finish_review: the grade; reaching max_steps without finishing: −0.25 more, truncated.
/// Reset option <c>reward_mode</c>: "raw" (default) or "clamped" (each step reward clamped to [0.001, 0.999] as the seed).</para>
/// <para><b>Starting state.</b> The patient <c>patient_index</c> (0–39) of the task, or one drawn uniformly from the
/// seed; full budgets, no mitigations, empty histories.</para>
/// <para><b>Episode end.</b> Terminated by finish_review; truncated at max_steps. The grade (<see cref="PolypharmacyGrader"/>)
/// is clipped to [0.001, 0.999].</para>
/// </summary>
public sealed class PolypharmacyEnvironment() : EnvironmentBase<PolypharmacyAction>(Spec)
{
    private readonly PolypharmacyCatalog _catalog = PolypharmacyCatalog.Shared;
    private PatientRecord? _pending;

    /// <summary>polypharmacy as the registry serves it; building it loads the data files, so a bad file stops start-up.</summary>
    public static new EnvironmentSpec Spec { get; } = new()
    {
        Id = "polypharmacy",
        Name = "PolypharmacyEnvironment",
        Description = "Elderly polypharmacy medication review: query drug-drug interactions, read Beers-criteria flags and propose " +
            "stop, dose-reduce, substitute or monitoring interventions under query and intervention budgets to lower regimen risk.",
        ReadmeContent = PolypharmacyReadme.Markdown,
        Tasks = PolypharmacyTasks.All,
        DefaultTaskId = PolypharmacyTasks.BudgetedScreening,
        Action = PolypharmacySchemas.Action(LoadData()),
        Observation = PolypharmacySchemas.Observation,
        State = PolypharmacySchemas.State,
        Info = PolypharmacySchemas.Info,
        CostComponents = PolypharmacyCost.Components,
        ResetOptions = PolypharmacyOptions.Fields,
        Baseline = PolypharmacySafetyRules.Baseline,
        SafetyRules = PolypharmacySafetyRules.All,
        ActionCheck = PolypharmacyMaskCheck.Check,
        View = new EnvironmentView("polypharmacy", []),
        Factory = () => new PolypharmacyEnvironment(),
    };

    /// <summary>Loads every data file now (catalog and patients), so that a missing or bad file stops start-up rather than a later reset.</summary>
    private static PolypharmacyCatalog LoadData()
    {
        _ = PatientTable.Shared;
        return PolypharmacyCatalog.Shared;
    }

    protected override PolypharmacyAction ParseAction(JsonElement action) => PolypharmacyActionParser.Parse(action, _catalog);

    /// <summary>
    /// The protocol checks a step applies after the schema (<see cref="PolypharmacyActionParser"/>), for clients that
    /// check an action before sending it, such as the LLM agent's guardrails: null for a well-formed action, else the
    /// error naming the field. Whether the action is valid for the patient now is the observation's action_mask.
    /// </summary>
    public static InvalidInputException? CheckAction(JsonElement action)
    {
        if (action.ValueKind != JsonValueKind.Object) return new InvalidInputException("action", "The action must be a JSON object.", "model_type");
        try
        {
            PolypharmacyActionParser.Parse(action, PolypharmacyCatalog.Shared);
            return null;
        }
        catch (InvalidInputException error)
        {
            return error;
        }
    }

    private protected override IEpisode<PolypharmacyAction> StartEpisode(EnvironmentTask task, ResetOptions options, SeededRandom random, Realism realism)
    {
        var patients = PatientTable.Shared[task.Id];
        var index = _pending is not null ? 0 : options.GetInt32(PolypharmacyOptions.PatientIndex) ?? random.NextInt(patients.Count);
        if (index < 0 || index >= patients.Count)
        {
            throw new InvalidInputException(PolypharmacyOptions.PatientIndex, $"patient_index must be in [0, {patients.Count - 1}].");
        }

        var mode = options.GetString(PolypharmacyOptions.RewardMode) ?? PolypharmacyRewards.RawMode;
        if (mode is not (PolypharmacyRewards.RawMode or PolypharmacyRewards.ClampedMode))
        {
            throw new InvalidInputException(PolypharmacyOptions.RewardMode, "reward_mode must be \"raw\" or \"clamped\".", "literal_error");
        }

        return PolypharmacyEpisode.Start(task.Id, index, _pending ?? patients[index], mode, _catalog);
    }

    /// <summary>Starts an episode on a hand-built patient (tests).</summary>
    internal StepResult ResetWith(PatientRecord patient, string taskId, string rewardMode = PolypharmacyRewards.RawMode)
    {
        _pending = patient;
        try
        {
            return Reset(new ResetOptions { TaskId = taskId, Seed = 0, Options = RewardModeOption(rewardMode) });
        }
        finally
        {
            _pending = null;
        }
    }

    internal new PolypharmacyEpisode? CurrentEpisode => (PolypharmacyEpisode?)base.CurrentEpisode;

    private static IReadOnlyDictionary<string, JsonElement> RewardModeOption(string mode) =>
        new Dictionary<string, JsonElement> { [PolypharmacyOptions.RewardMode] = JsonSerializer.SerializeToElement(mode) };
}
