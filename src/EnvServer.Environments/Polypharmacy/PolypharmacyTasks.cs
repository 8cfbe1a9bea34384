using EnvServer.Environments.Core;

namespace EnvServer.Environments.Polypharmacy;

/// <summary>The three tasks of polypharmacy (§4), easiest first, and the rules each plays by.</summary>
public static class PolypharmacyTasks
{
    public const string EasyScreening = "easy_screening";
    public const string BudgetedScreening = "budgeted_screening";
    public const string ComplexTradeoff = "complex_tradeoff";

    /// <summary>Patients of each task in patients.csv.</summary>
    public const int PatientsPerTask = 40;

    public static readonly IReadOnlyList<EnvironmentTask> All =
    [
        new(EasyScreening, "easy",
            "3–5 drugs with at least one severe interaction; 4 queries, 2 interventions, 10 steps. Grade: risk reduction and acting on a severe pair."),
        new(BudgetedScreening, "medium",
            "6–10 drugs with several interactions and Beers issues; 8 queries, 3 interventions, 20 steps. Grade: risk reduction, intervention precision, query yield."),
        new(ComplexTradeoff, "hard",
            "10–15 drugs including critical ones; 12 queries, 5 interventions, 30 steps. Grade: risk reduction minus regimen disruption and critical drugs stopped without substitute."),
    ];

    public static TaskRules RulesFor(string taskId) => taskId switch
    {
        EasyScreening => TaskRules.Easy,
        BudgetedScreening => TaskRules.Medium,
        ComplexTradeoff => TaskRules.Hard,
        _ => throw new ArgumentOutOfRangeException(nameof(taskId), taskId, "Not a polypharmacy task."),
    };
}

/// <summary>Budgets, horizon and patient ranges of a task (§4).</summary>
/// <param name="MinDrugs">Fewest drugs of a patient.</param>
/// <param name="MaxDrugs">Most drugs of a patient.</param>
/// <param name="QueryBudget">query_ddi actions allowed per episode.</param>
/// <param name="InterventionBudget">Valid propose_intervention actions allowed per episode.</param>
/// <param name="MaxSteps">Steps after which the episode is truncated with the timeout penalty.</param>
/// <param name="MinAge">Youngest patient.</param>
/// <param name="MaxAge">Oldest patient.</param>
public sealed record TaskRules(int MinDrugs, int MaxDrugs, int QueryBudget, int InterventionBudget, int MaxSteps, int MinAge, int MaxAge)
{
    public static readonly TaskRules Easy = new(3, 5, 4, 2, 10, 65, 90);
    public static readonly TaskRules Medium = new(6, 10, 8, 3, 20, 65, 92);
    public static readonly TaskRules Hard = new(10, 15, 12, 5, 30, 70, 95);
}
