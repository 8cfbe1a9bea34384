using EnvServer.Environments.Schema;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>The wire shape of polypharmacy's actions, observations, info and state.</summary>
internal static class PolypharmacySchemas
{
    /// <summary>Longest rationale kept in the history.</summary>
    public const int MaxRationaleLength = 1000;

    public static ObjectSchema Action(PolypharmacyCatalog catalog)
    {
        var drugIds = catalog.Drugs.Select(d => d.Id).ToArray();
        FieldSchema DrugField(string name, string description) =>
            new FieldSchema(name, FieldType.String, description + " A drug id of drug_metadata.csv; an unknown id is a 422.")
            {
                Nullable = true,
                AllowedValues = drugIds,
            }.WithDefault(null);

        return new("PolypharmacyAction",
            "One review action. query_ddi needs drug_id_1 and drug_id_2; propose_intervention needs target_drug_id and intervention_type " +
            "(and proposed_new_drug_id for substitute); finish_review takes no arguments. Drug arguments an action type does not take must be null or absent; rationale is allowed with any type.",
        [
            new FieldSchema("action_type", FieldType.String, "query_ddi, propose_intervention or finish_review.")
            {
                Required = true,
                AllowedValues = PolypharmacyVocabulary.ActionTypes,
            },
            DrugField("drug_id_1", "query_ddi: first drug of the pair."),
            DrugField("drug_id_2", "query_ddi: second drug of the pair (not drug_id_1)."),
            DrugField("target_drug_id", "propose_intervention: the medication to change."),
            new FieldSchema("intervention_type", FieldType.String,
                "propose_intervention: stop, dose_reduce (halve the dose, not below the minimum; once per drug), " +
                "substitute (by proposed_new_drug_id of the same ATC class) or add_monitoring (once per drug).")
            {
                Nullable = true,
                AllowedValues = PolypharmacyVocabulary.InterventionTypes,
            }.WithDefault(null),
            DrugField("proposed_new_drug_id", "propose_intervention with substitute: the replacement, in the target's ATC class and not already taken."),
            new FieldSchema("rationale", FieldType.String, "Free text; kept in the intervention history of propose_intervention, ignored by the other types; never affects the reward.")
            {
                Nullable = true,
                MaxLength = MaxRationaleLength,
            }.WithDefault(null),
        ]);
    }

    public static readonly ObjectSchema Observation = new("PolypharmacyObservation",
        "The medication review as a pharmacist sees it: the patient, the current regimen with Beers flags, what has been queried and changed, budgets, and which actions are valid now.",
    [
        new FieldSchema("patient_id", FieldType.String, "Id of the patient in patients.csv, e.g. \"M007\".") { Required = true },
        new FieldSchema("age", FieldType.Integer, "Age in years.") { Required = true, Minimum = 65, Maximum = 95 },
        new FieldSchema("sex", FieldType.String, "F or M.") { Required = true, AllowedValues = PolypharmacyVocabulary.Sexes },
        new FieldSchema("conditions", FieldType.Array,
            "Condition codes (strings): HTN, DM, HF, CKD, AF, COPD, OA, depression, dementia, GERD, BPH, neuropathy.") { Required = true },
        new FieldSchema("egfr_category", FieldType.String, "Kidney function.") { Required = true, AllowedValues = PolypharmacyVocabulary.EgfrCategories },
        new FieldSchema("liver_function_category", FieldType.String, "Liver function.") { Required = true, AllowedValues = PolypharmacyVocabulary.LiverCategories },
        new FieldSchema("current_medications", FieldType.Array,
            "The current regimen, one object per drug in slot order: slot (action-mask slot), drug_id, generic_name, atc_class, atc_class_name, " +
            "dose_mg, min_dose_mg, max_dose_mg, high_risk_elderly, critical, beers_flags [{criterion, condition, rationale}] (rows that apply to this patient), " +
            "dose_reduced, monitored, valid_interventions (types valid now) and substitutes [{drug_id, generic_name, high_risk_elderly, critical, beers_flags}] " +
            "(same ATC class, not already taken).") { Required = true },
        new FieldSchema("interaction_queries", FieldType.Array,
            "Valid queries so far: {step, drug_id_1, drug_id_2 (ordinal order), severity (severe, moderate, mild or none), recommendation, base_risk, mechanism (null for none)}.") { Required = true },
        new FieldSchema("interventions", FieldType.Array,
            "Valid interventions so far: {step, target_drug_id, intervention_type, proposed_new_drug_id, rationale, delta_risk (regimen risk before − after; positive is safer)}.") { Required = true },
        new FieldSchema("remaining_query_budget", FieldType.Integer, "query_ddi actions left.") { Required = true, Minimum = 0 },
        new FieldSchema("remaining_intervention_budget", FieldType.Integer, "propose_intervention actions left.") { Required = true, Minimum = 0 },
        new FieldSchema("remaining_steps", FieldType.Integer, "Steps left before the episode is truncated with the timeout penalty.") { Required = true, Minimum = 0 },
        new FieldSchema("valid_query_pairs", FieldType.Array, "The [drug_id_1, drug_id_2] pairs a query_ddi may ask now (both taken, not yet queried, budget left).") { Required = true },
        new FieldSchema("action_mask", FieldType.NumberArray,
            $"{ActionMask.Size} flags, 1.0 = valid now: [0] finish_review; [1..{ActionMask.PairCount}] query_ddi of slot pairs (i<j, row-major over {ActionMask.MaxSlots} slots); " +
            $"[{ActionMask.FirstInterventionIndex}..{ActionMask.Size - 1}] propose_intervention at {ActionMask.FirstInterventionIndex} + 4·slot + type (stop, dose_reduce, substitute, add_monitoring). All 0.0 once the episode is over.") { Required = true },
        new FieldSchema("features", FieldType.NumberArray,
            $"Numbers for learners, laid out by action-mask slot (everything here is also in the fields above): {PolypharmacyFeatures.GlobalCount} budget numbers " +
            "(remaining queries ÷ budget, remaining interventions ÷ budget, remaining steps ÷ max steps, drugs taken ÷ 15), then per slot 0–14: " +
            "taken, high_risk_elderly, critical, Beers rows that apply (avoid, caution, dose_adjust, avoid_in_condition), dose_reduced, monitored, " +
            "interactions found with drugs still taken (count severe, moderate, mild; sum of base_risk; count avoid_combination, monitor_closely, dose_adjust), " +
            $"a substitute without high-risk or Beers flags available ({PolypharmacyFeatures.PerSlotFlags} numbers), and a one-hot of the drug over drug_metadata.csv in file order. " +
            "An empty slot is all zeros.") { Required = true },
        new FieldSchema("last_action_error", FieldType.String, "Why the last action was invalid (it cost the step and 0.15), or null.") { Required = true, Nullable = true },
    ]);

    /// <summary>The environment's own metadata keys, added after the common ones (episode_id, step_count, …).</summary>
    public static readonly ObjectSchema Info = new("PolypharmacyInfo", "polypharmacy's own metadata of each reset and step.",
    [
        new FieldSchema("raw_reward", FieldType.Number, "The shaped reward of the step before reward_mode clamping; 0.0 at reset.") { Required = true },
        new FieldSchema("action_valid", FieldType.Boolean, "False when the step's action was an in-episode invalid action (see last_action_error).") { Required = true },
        new FieldSchema("invalid_actions", FieldType.Integer, "In-episode invalid actions so far.") { Required = true, Minimum = 0 },
        new FieldSchema("reward_mode", FieldType.String, "raw or clamped.") { Required = true, AllowedValues = [PolypharmacyRewards.RawMode, PolypharmacyRewards.ClampedMode] },
    ]);

    public static readonly ObjectSchema State = new("PolypharmacyState",
        "The hidden truth of the review: regimen risk, the interactions present, and the tallies the grader uses.",
    [
        new FieldSchema("patient_id", FieldType.String, "Id of the patient in patients.csv."),
        new FieldSchema("patient_index", FieldType.Integer, "Index of the patient among the task's 40 (the patient_index reset option).") { Minimum = 0, Maximum = 39 },
        new FieldSchema("reward_mode", FieldType.String, "raw or clamped.") { AllowedValues = [PolypharmacyRewards.RawMode, PolypharmacyRewards.ClampedMode] },
        new FieldSchema("baseline_risk", FieldType.Number, "Regimen risk at reset.") { Minimum = 0, Maximum = 1 },
        new FieldSchema("regimen_risk", FieldType.Number, "Regimen risk now.") { Minimum = 0, Maximum = 1 },
        new FieldSchema("risk_reduction", FieldType.Number, "RR = max(0, baseline − now) ÷ baseline.") { Minimum = 0, Maximum = 1 },
        new FieldSchema("ddi_pairs_present", FieldType.Array, "Every DDI rule among the current drugs: {drug_id_1, drug_id_2, severity, base_risk, recommendation}."),
        new FieldSchema("max_steps", FieldType.Integer, "The task's step limit."),
        new FieldSchema("query_budget", FieldType.Integer, "The task's query budget."),
        new FieldSchema("intervention_budget", FieldType.Integer, "The task's intervention budget."),
        new FieldSchema("queries", FieldType.Integer, "Valid queries made."),
        new FieldSchema("severe_or_moderate_found", FieldType.Integer, "Queries that found a severe or moderate DDI."),
        new FieldSchema("interventions", FieldType.Integer, "Valid interventions made."),
        new FieldSchema("helpful_interventions", FieldType.Integer, "Interventions with Δrisk > 0."),
        new FieldSchema("stops", FieldType.Integer, "stop interventions."),
        new FieldSchema("substitutions", FieldType.Integer, "substitute interventions."),
        new FieldSchema("critical_stops", FieldType.Integer, "Critical drugs stopped without a substitute."),
        new FieldSchema("targeted_severe_pair", FieldType.Boolean, "Whether an intervention targeted a drug of a severe pair of the original regimen."),
        new FieldSchema("invalid_actions", FieldType.Integer, "In-episode invalid actions."),
    ]);
}
