namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// The episode grades of §4 before <see cref="Core.Grader.Clip"/>, with RR = max(0, baseline − final) ÷ baseline
/// (0 when the baseline risk is 0). Only valid interventions count; invalid actions are not interventions.
/// </summary>
internal static class PolypharmacyGrader
{
    /// <summary>Weight of risk reduction in easy and medium.</summary>
    public const double RiskReductionWeight = 0.5;

    /// <summary>easy: weight of having intervened on a drug of a severe pair of the original regimen.</summary>
    public const double SevereTargetWeight = 0.5;

    /// <summary>medium: weight of the share of interventions with Δrisk &gt; 0.</summary>
    public const double PrecisionWeight = 0.3;

    /// <summary>medium: weight of min(1, severe or moderate DDIs found ÷ queries).</summary>
    public const double QueryYieldWeight = 0.2;

    /// <summary>hard: cost of each stop or substitution (regimen disruption).</summary>
    public const double ChangePenalty = 0.05;

    /// <summary>hard: cost of each critical drug stopped without a substitute.</summary>
    public const double CriticalStopPenalty = 0.20;

    public static double RiskReduction(double baselineRisk, double finalRisk) =>
        baselineRisk <= 0 ? 0.0 : Math.Max(0.0, baselineRisk - finalRisk) / baselineRisk;

    public static double Score(string taskId, EpisodeTally tally) => taskId switch
    {
        PolypharmacyTasks.EasyScreening =>
            RiskReductionWeight * tally.RiskReduction + SevereTargetWeight * (tally.TargetedSeverePair ? 1.0 : 0.0),
        PolypharmacyTasks.BudgetedScreening =>
            RiskReductionWeight * tally.RiskReduction
            + PrecisionWeight * (tally.Interventions == 0 ? 0.0 : (double)tally.HelpfulInterventions / tally.Interventions)
            + QueryYieldWeight * (tally.Queries == 0 ? 0.0 : Math.Min(1.0, (double)tally.SevereOrModerateFound / tally.Queries)),
        PolypharmacyTasks.ComplexTradeoff =>
            tally.RiskReduction - ChangePenalty * (tally.Stops + tally.Substitutions) - CriticalStopPenalty * tally.CriticalStops,
        _ => throw new ArgumentOutOfRangeException(nameof(taskId), taskId, "Not a polypharmacy task."),
    };
}

/// <summary>What the graders count in an episode.</summary>
/// <param name="RiskReduction">RR.</param>
/// <param name="TargetedSeverePair">An intervention targeted a drug of a severe pair of the original regimen.</param>
/// <param name="Interventions">Valid interventions.</param>
/// <param name="HelpfulInterventions">Valid interventions whose Δrisk was &gt; 0.</param>
/// <param name="Queries">Valid queries.</param>
/// <param name="SevereOrModerateFound">Queries that found a severe or moderate DDI.</param>
/// <param name="Stops">stop interventions.</param>
/// <param name="Substitutions">substitute interventions.</param>
/// <param name="CriticalStops">Critical drugs removed by stop (a substitute is not a stop).</param>
internal sealed record EpisodeTally(
    double RiskReduction, bool TargetedSeverePair, int Interventions, int HelpfulInterventions, int Queries,
    int SevereOrModerateFound, int Stops, int Substitutions, int CriticalStops);
