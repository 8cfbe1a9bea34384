namespace EnvServer.Environments.Polypharmacy;

/// <summary>The closed word lists of polypharmacy's data and actions, as they appear in CSV and JSON.</summary>
public static class PolypharmacyVocabulary
{
    public const string QueryDdi = "query_ddi";
    public const string ProposeIntervention = "propose_intervention";
    public const string FinishReview = "finish_review";

    public const string Stop = "stop";
    public const string DoseReduce = "dose_reduce";
    public const string Substitute = "substitute";
    public const string AddMonitoring = "add_monitoring";

    public const string Severe = "severe";
    public const string Moderate = "moderate";
    public const string Mild = "mild";

    /// <summary>Severity reported by a query of a pair with no DDI rule.</summary>
    public const string NoInteraction = "none";

    public const string AvoidCombination = "avoid_combination";
    public const string MonitorClosely = "monitor_closely";
    public const string NoAction = "no_action";

    public const string Avoid = "avoid";
    public const string Caution = "caution";
    public const string DoseAdjust = "dose_adjust";
    public const string AvoidInCondition = "avoid_in_condition";

    public static readonly IReadOnlyList<string> ActionTypes = [QueryDdi, ProposeIntervention, FinishReview];

    /// <summary>Intervention types in action-mask order.</summary>
    public static readonly IReadOnlyList<string> InterventionTypes = [Stop, DoseReduce, Substitute, AddMonitoring];

    public static readonly IReadOnlyList<string> Severities = [Severe, Moderate, Mild];

    /// <summary>DDI recommendations; <see cref="DoseAdjust"/> is shared with the Beers criteria.</summary>
    public static readonly IReadOnlyList<string> Recommendations = [AvoidCombination, MonitorClosely, DoseAdjust, NoAction];

    public static readonly IReadOnlyList<string> BeersCriteria = [Avoid, Caution, DoseAdjust, AvoidInCondition];

    /// <summary>The conditions patients can have (§4), in the order patients.csv lists them.</summary>
    public static readonly IReadOnlyList<string> Conditions =
        ["HTN", "DM", "HF", "CKD", "AF", "COPD", "OA", "depression", "dementia", "GERD", "BPH", "neuropathy"];

    public static readonly IReadOnlyList<string> EgfrCategories = ["normal", "mildly_reduced", "moderately_reduced", "severely_reduced"];

    public static readonly IReadOnlyList<string> LiverCategories = ["normal", "mild_impairment", "moderate_impairment"];

    public static readonly IReadOnlyList<string> Sexes = ["F", "M"];
}
