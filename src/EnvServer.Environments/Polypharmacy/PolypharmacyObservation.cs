using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// What the pharmacist sees after a reset or step, fixed when it was taken; field meanings are in
/// <see cref="PolypharmacySchemas.Observation"/>. Validity (per-medication interventions, query pairs and the
/// <see cref="ActionMask"/>) is computed by the episode's own rules, so the mask never disagrees with a step.
/// </summary>
internal sealed class PolypharmacyObservation : IJsonFields
{
    private readonly PatientRecord _patient;
    private readonly MedicationView[] _medications;
    private readonly QueryRecord[] _queries;
    private readonly InterventionRecord[] _interventions;
    private readonly (string, string)[] _validPairs;
    private readonly double[] _mask;
    private readonly double[] _features;
    private readonly int _remainingQueries;
    private readonly int _remainingInterventions;
    private readonly int _remainingSteps;
    private readonly string? _lastError;

    public PolypharmacyObservation(
        PolypharmacyEpisode episode, Regimen regimen, QueryRecord[] queries, InterventionRecord[] interventions, string? lastError, int remainingSteps, bool over)
    {
        _patient = episode.Patient;
        _queries = queries;
        _interventions = interventions;
        _lastError = lastError;
        _remainingSteps = remainingSteps;
        _remainingQueries = episode.RemainingQueries;
        _remainingInterventions = episode.RemainingInterventions;
        _mask = new double[ActionMask.Size];
        if (!over) _mask[ActionMask.FinishIndex] = 1.0;

        var current = regimen.Current.ToArray();
        _medications = current.Select(c => View(episode, c.Slot, c.Medication, over)).ToArray();
        foreach (var view in _medications)
        {
            foreach (var type in view.ValidInterventions) _mask[ActionMask.InterventionIndex(view.Slot, type)] = 1.0;
        }

        var pairs = new List<(string, string)>();
        for (var i = 0; i < current.Length && !over; i++)
        {
            for (var j = i + 1; j < current.Length; j++)
            {
                var (a, b) = (current[i].Medication.Drug.Id, current[j].Medication.Drug.Id);
                if (episode.QueryProblem(a, b) is not null) continue;
                pairs.Add((a, b));
                _mask[ActionMask.QueryIndex(current[i].Slot, current[j].Slot)] = 1.0;
            }
        }

        _validPairs = pairs.ToArray();
        _features = PolypharmacyFeatures.Compute(episode, current, queries, remainingSteps);
    }

    public void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("patient_id", _patient.PatientId);
        writer.WriteNumber("age", _patient.Age);
        writer.WriteString("sex", _patient.Sex);
        writer.WriteStartArray("conditions");
        foreach (var condition in _patient.Conditions) writer.WriteStringValue(condition);
        writer.WriteEndArray();
        writer.WriteString("egfr_category", _patient.EgfrCategory);
        writer.WriteString("liver_function_category", _patient.LiverFunctionCategory);

        writer.WriteStartArray("current_medications");
        foreach (var medication in _medications) medication.Write(writer);
        writer.WriteEndArray();

        writer.WriteStartArray("interaction_queries");
        foreach (var query in _queries) WriteQuery(writer, query);
        writer.WriteEndArray();

        writer.WriteStartArray("interventions");
        foreach (var intervention in _interventions) WriteIntervention(writer, intervention);
        writer.WriteEndArray();

        writer.WriteNumber("remaining_query_budget", _remainingQueries);
        writer.WriteNumber("remaining_intervention_budget", _remainingInterventions);
        writer.WriteNumber("remaining_steps", _remainingSteps);
        writer.WriteStartArray("valid_query_pairs");
        foreach (var (a, b) in _validPairs)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(a);
            writer.WriteStringValue(b);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteFloatArray("action_mask", _mask);
        writer.WriteFloatArray("features", _features);
        writer.WriteString("last_action_error", _lastError);
    }

    private static MedicationView View(PolypharmacyEpisode episode, int slot, MedicationState medication, bool over)
    {
        var drug = medication.Drug;
        var substitutes = episode.SubstitutesFor(drug).ToArray();
        var valid = over
            ? []
            : PolypharmacyVocabulary.InterventionTypes.Where(type => type == PolypharmacyVocabulary.Substitute
                ? substitutes.Any(s => episode.InterventionProblem(drug.Id, type, s.Id) is null)
                : episode.InterventionProblem(drug.Id, type, null) is null).ToArray();
        return new MedicationView(slot, medication, episode.BeersFor(drug.Id).ToArray(),
            substitutes.Select(s => (s, episode.BeersFor(s.Id).Select(b => b.Criterion).ToArray())).ToArray(), valid);
    }

    private static void WriteQuery(Utf8JsonWriter writer, QueryRecord query)
    {
        writer.WriteStartObject();
        writer.WriteNumber("step", query.Step);
        writer.WriteString("drug_id_1", query.DrugId1);
        writer.WriteString("drug_id_2", query.DrugId2);
        writer.WriteString("severity", query.Severity);
        writer.WriteString("recommendation", query.Recommendation);
        writer.WriteFloat("base_risk", query.BaseRisk);
        writer.WriteString("mechanism", query.Mechanism);
        writer.WriteEndObject();
    }

    private static void WriteIntervention(Utf8JsonWriter writer, InterventionRecord intervention)
    {
        writer.WriteStartObject();
        writer.WriteNumber("step", intervention.Step);
        writer.WriteString("target_drug_id", intervention.TargetDrugId);
        writer.WriteString("intervention_type", intervention.InterventionType);
        writer.WriteString("proposed_new_drug_id", intervention.ProposedNewDrugId);
        writer.WriteString("rationale", intervention.Rationale);
        writer.WriteFloat("delta_risk", intervention.DeltaRisk);
        writer.WriteEndObject();
    }

    private sealed record MedicationView(
        int Slot, MedicationState Medication, BeersCriterion[] Beers, (Drug Drug, string[] Beers)[] Substitutes, string[] ValidInterventions)
    {
        public void Write(Utf8JsonWriter writer)
        {
            var drug = Medication.Drug;
            writer.WriteStartObject();
            writer.WriteNumber("slot", Slot);
            writer.WriteString("drug_id", drug.Id);
            writer.WriteString("generic_name", drug.GenericName);
            writer.WriteString("atc_class", drug.AtcClass);
            writer.WriteString("atc_class_name", drug.AtcClassName);
            writer.WriteFloat("dose_mg", Medication.DoseMg);
            writer.WriteFloat("min_dose_mg", drug.MinDoseMg);
            writer.WriteFloat("max_dose_mg", drug.MaxDoseMg);
            writer.WriteBoolean("high_risk_elderly", drug.HighRiskElderly);
            writer.WriteBoolean("critical", drug.Critical);
            writer.WriteStartArray("beers_flags");
            foreach (var row in Beers)
            {
                writer.WriteStartObject();
                writer.WriteString("criterion", row.Criterion);
                writer.WriteString("condition", row.Condition);
                writer.WriteString("rationale", row.Rationale);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteBoolean("dose_reduced", Medication.DoseReduced);
            writer.WriteBoolean("monitored", Medication.Monitored);
            writer.WriteStartArray("valid_interventions");
            foreach (var type in ValidInterventions) writer.WriteStringValue(type);
            writer.WriteEndArray();
            writer.WriteStartArray("substitutes");
            foreach (var (substitute, beers) in Substitutes)
            {
                writer.WriteStartObject();
                writer.WriteString("drug_id", substitute.Id);
                writer.WriteString("generic_name", substitute.GenericName);
                writer.WriteBoolean("high_risk_elderly", substitute.HighRiskElderly);
                writer.WriteBoolean("critical", substitute.Critical);
                writer.WriteStartArray("beers_flags");
                foreach (var criterion in beers) writer.WriteStringValue(criterion);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }
}
