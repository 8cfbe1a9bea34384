using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// One medication review: the patient, the regimen as it changes, budgets, histories and the tallies the
/// grader needs. <see cref="PolypharmacyEnvironment"/> documents the behaviour; this class carries it out.
/// An action that is well-formed but impossible now (see <see cref="QueryProblem"/> and
/// <see cref="InterventionProblem"/>) is an in-episode invalid action: it costs the step and
/// <see cref="PolypharmacyRewards.InvalidPenalty"/>, uses no budget and changes nothing else.
/// </summary>
internal sealed class PolypharmacyEpisode : IEpisode<PolypharmacyAction>
{
    private readonly PolypharmacyCatalog _catalog;
    private readonly Regimen _regimen;
    private readonly HashSet<(string, string)> _queried = [];
    private readonly List<QueryRecord> _queries = [];
    private readonly List<InterventionRecord> _interventions = [];
    private readonly HashSet<string> _severePairDrugs;
    private int _steps;
    private int _invalidActions;
    private int _stops;
    private int _substitutions;
    private int _criticalStops;
    private string? _lastError;
    private double _lastRawReward;
    private bool _over;
    private SafetyCost _cost = SafetyCost.Zero(PolypharmacyCost.Components);

    private PolypharmacyEpisode(string taskId, int patientIndex, PatientRecord patient, string rewardMode, PolypharmacyCatalog catalog)
    {
        TaskId = taskId;
        PatientIndex = patientIndex;
        Patient = patient;
        RewardMode = rewardMode;
        Rules = PolypharmacyTasks.RulesFor(taskId);
        _catalog = catalog;
        _regimen = new Regimen(patient.Medications.Select(m => MedicationState.Start(catalog.Drug(m.DrugId), m.DoseMg)));
        BaselineRisk = CurrentRisk;
        _severePairDrugs = RiskModel.PairsAmong(patient.Medications.Select(m => m.DrugId).ToArray(), catalog)
            .Where(r => r.Severity == PolypharmacyVocabulary.Severe)
            .SelectMany(r => new[] { r.DrugId1, r.DrugId2 })
            .ToHashSet(StringComparer.Ordinal);
    }

    public string TaskId { get; }

    public int PatientIndex { get; }

    public PatientRecord Patient { get; }

    public string RewardMode { get; }

    public TaskRules Rules { get; }

    public PolypharmacyCatalog Catalog => _catalog;

    public double BaselineRisk { get; }

    public double CurrentRisk => RiskModel.Risk(_regimen, Patient.Conditions, _catalog);

    public int RemainingQueries => Rules.QueryBudget - _queries.Count;

    public int RemainingInterventions => Rules.InterventionBudget - _interventions.Count;

    public static PolypharmacyEpisode Start(string taskId, int patientIndex, PatientRecord patient, string rewardMode, PolypharmacyCatalog catalog)
    {
        if (patient.Medications.Count > ActionMask.MaxSlots) throw new ArgumentException($"At most {ActionMask.MaxSlots} medications.", nameof(patient));
        return new PolypharmacyEpisode(taskId, patientIndex, patient, rewardMode, catalog);
    }

    public PolypharmacyObservation Observation => new(this, _regimen.Copy(), _queries.ToArray(), _interventions.ToArray(), _lastError, Rules.MaxSteps - _steps, _over);

    public SafetyCost Cost => _cost;

    public PolypharmacyInfo Info => new(_lastRawReward, _lastError is null, _invalidActions, RewardMode);

    /// <summary>Applies one parsed action; returns the reward as the reward mode gives it.</summary>
    public (double Reward, bool Terminated, bool Truncated) Step(PolypharmacyAction action)
    {
        // Typed actions from in-process agents get the same protocol checks as JSON ones.
        PolypharmacyActionParser.Check(action, _catalog);
        var criticalStops = _criticalStops;
        _steps++;
        _lastError = action.ActionType switch
        {
            PolypharmacyVocabulary.QueryDdi => QueryProblem(action.DrugId1!, action.DrugId2!),
            PolypharmacyVocabulary.ProposeIntervention => InterventionProblem(action.TargetDrugId!, action.InterventionType!, action.ProposedNewDrugId),
            _ => null,
        };

        double raw;
        var terminated = false;
        if (_lastError is not null)
        {
            _invalidActions++;
            raw = -PolypharmacyRewards.InvalidPenalty;
        }
        else
        {
            switch (action.ActionType)
            {
                case PolypharmacyVocabulary.QueryDdi:
                    raw = Query(action.DrugId1!, action.DrugId2!);
                    break;
                case PolypharmacyVocabulary.ProposeIntervention:
                    raw = Intervene(action) - PolypharmacyRewards.InterventionCost;
                    break;
                default:
                    raw = Grader.Clip(Grade());
                    terminated = true;
                    break;
            }
        }

        var truncated = !terminated && _steps >= Rules.MaxSteps;
        if (truncated) raw -= PolypharmacyRewards.TimeoutPenalty;
        _lastRawReward = raw;
        _over = terminated || truncated;
        _cost = PolypharmacyCost.Of(_criticalStops > criticalStops, _lastError is not null);
        return (PolypharmacyRewards.Apply(RewardMode, raw), terminated, truncated);
    }

    /// <summary>Why a query is impossible now, or null when it is valid.</summary>
    public string? QueryProblem(string drugA, string drugB)
    {
        if (RemainingQueries <= 0) return $"The query budget ({Rules.QueryBudget}) is exhausted.";
        if (_regimen.SlotOf(drugA) is null) return NotInRegimen(drugA);
        if (_regimen.SlotOf(drugB) is null) return NotInRegimen(drugB);
        if (_queried.Contains(PairKey(drugA, drugB))) return $"The pair {drugA}+{drugB} has already been queried.";
        return null;
    }

    /// <summary>Why an intervention is impossible now, or null when it is valid.</summary>
    public string? InterventionProblem(string target, string type, string? proposed)
    {
        if (RemainingInterventions <= 0) return $"The intervention budget ({Rules.InterventionBudget}) is exhausted.";
        if (_regimen.SlotOf(target) is not { } slot) return NotInRegimen(target);
        var medication = _regimen[slot]!;
        switch (type)
        {
            case PolypharmacyVocabulary.DoseReduce:
                if (medication.DoseReduced) return $"{target}'s dose has already been reduced.";
                if (medication.DoseMg <= medication.Drug.MinDoseMg) return $"{target} is already at its minimum dose ({medication.Drug.MinDoseMg} mg).";
                break;
            case PolypharmacyVocabulary.AddMonitoring:
                if (medication.Monitored) return $"{target} is already monitored.";
                break;
            case PolypharmacyVocabulary.Substitute:
                var replacement = _catalog.Drug(proposed!);
                if (replacement.Id == target) return $"Cannot substitute {target} with itself.";
                if (replacement.AtcClass != medication.Drug.AtcClass)
                {
                    return $"{replacement.Id} ({replacement.AtcClass}) is not in {target}'s ATC class {medication.Drug.AtcClass}; a substitute must stay in the class.";
                }

                if (_regimen.SlotOf(replacement.Id) is not null) return $"{replacement.Id} is already in the regimen.";
                break;
        }

        return null;
    }

    /// <summary>The in-class drugs that could replace a medication now (not already taken).</summary>
    public IEnumerable<Drug> SubstitutesFor(Drug drug) => _catalog.SameClass(drug).Where(d => _regimen.SlotOf(d.Id) is null);

    public IEnumerable<BeersCriterion> BeersFor(string drugId) => _catalog.BeersFor(drugId, Patient.Conditions);

    public double Grade() => PolypharmacyGrader.Score(TaskId, Tally);

    public EpisodeTally Tally => new(
        PolypharmacyGrader.RiskReduction(BaselineRisk, CurrentRisk),
        _interventions.Any(i => _severePairDrugs.Contains(i.TargetDrugId)),
        _interventions.Count,
        _interventions.Count(i => i.DeltaRisk > 0),
        _queries.Count,
        _queries.Count(q => q.Severity is PolypharmacyVocabulary.Severe or PolypharmacyVocabulary.Moderate),
        _stops,
        _substitutions,
        _criticalStops);

    public void WriteStateFields(Utf8JsonWriter writer)
    {
        writer.WriteString("patient_id", Patient.PatientId);
        writer.WriteNumber("patient_index", PatientIndex);
        writer.WriteString("reward_mode", RewardMode);
        writer.WriteFloat("baseline_risk", BaselineRisk);
        writer.WriteFloat("regimen_risk", CurrentRisk);
        var tally = Tally;
        writer.WriteFloat("risk_reduction", tally.RiskReduction);
        writer.WriteStartArray("ddi_pairs_present");
        foreach (var rule in RiskModel.PairsAmong(_regimen.DrugIds.ToArray(), _catalog))
        {
            writer.WriteStartObject();
            writer.WriteString("drug_id_1", rule.DrugId1);
            writer.WriteString("drug_id_2", rule.DrugId2);
            writer.WriteString("severity", rule.Severity);
            writer.WriteFloat("base_risk", rule.BaseRisk);
            writer.WriteString("recommendation", rule.Recommendation);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("max_steps", Rules.MaxSteps);
        writer.WriteNumber("query_budget", Rules.QueryBudget);
        writer.WriteNumber("intervention_budget", Rules.InterventionBudget);
        writer.WriteNumber("queries", tally.Queries);
        writer.WriteNumber("severe_or_moderate_found", tally.SevereOrModerateFound);
        writer.WriteNumber("interventions", tally.Interventions);
        writer.WriteNumber("helpful_interventions", tally.HelpfulInterventions);
        writer.WriteNumber("stops", tally.Stops);
        writer.WriteNumber("substitutions", tally.Substitutions);
        writer.WriteNumber("critical_stops", tally.CriticalStops);
        writer.WriteBoolean("targeted_severe_pair", tally.TargetedSeverePair);
        writer.WriteNumber("invalid_actions", _invalidActions);
    }

    private double Query(string drugA, string drugB)
    {
        _queried.Add(PairKey(drugA, drugB));
        var (first, second) = PairKey(drugA, drugB);
        var rule = _catalog.RuleFor(first, second);
        var record = rule is null
            ? new QueryRecord(_steps, first, second, PolypharmacyVocabulary.NoInteraction, PolypharmacyVocabulary.NoAction, 0.0, null)
            : new QueryRecord(_steps, first, second, rule.Severity, rule.Recommendation, rule.BaseRisk, rule.Mechanism);
        _queries.Add(record);
        return PolypharmacyRewards.DiscoveryBonus(record.Severity) - PolypharmacyRewards.QueryCost;
    }

    /// <summary>Applies a valid intervention and returns Δrisk (before − after).</summary>
    private double Intervene(PolypharmacyAction action)
    {
        var before = CurrentRisk;
        var slot = _regimen.SlotOf(action.TargetDrugId!)!.Value;
        var medication = _regimen[slot]!;
        switch (action.InterventionType)
        {
            case PolypharmacyVocabulary.Stop:
                _regimen.Set(slot, null);
                _stops++;
                if (medication.Drug.Critical) _criticalStops++;
                break;
            case PolypharmacyVocabulary.DoseReduce:
                _regimen.Set(slot, medication with { DoseMg = Math.Max(medication.Drug.MinDoseMg, medication.DoseMg / 2), DoseReduced = true });
                break;
            case PolypharmacyVocabulary.AddMonitoring:
                _regimen.Set(slot, medication with { Monitored = true });
                break;
            default:
                var replacement = _catalog.Drug(action.ProposedNewDrugId!);
                _regimen.Set(slot, MedicationState.Start(replacement, replacement.DefaultDoseMg));
                _substitutions++;
                break;
        }

        var after = CurrentRisk;
        _interventions.Add(new InterventionRecord(_steps, action.TargetDrugId!, action.InterventionType!, action.ProposedNewDrugId, action.Rationale, before, after));
        return before - after;
    }

    private static string NotInRegimen(string drugId) => $"{drugId} is not in the patient's current regimen.";

    private static (string, string) PairKey(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);

    IJsonFields IEpisode<PolypharmacyAction>.Observation => Observation;

    IJsonFields IEpisode<PolypharmacyAction>.Info => Info;

    double IEpisode<PolypharmacyAction>.Grade(double episodeReturn) => Grade();
}
