namespace EnvServer.Environments.Polypharmacy;

/// <summary>
/// Regimen risk (§4): (Σ DDI pair risk + Σ Beers weight + 0.05 × #high-risk drugs) ÷ #drugs, clipped to
/// [0, 1]; 0 for an empty regimen. Beers rows with a condition count only for patients with it.
/// <para>This project's mitigation model (the seed's dose_reduce and add_monitoring changed nothing): a pair
/// counts its base risk times <see cref="DoseReduceFactor"/> when either of its drugs has been dose-reduced and
/// times <see cref="MonitoringFactor"/> when either is monitored, both set by the pair's recommendation
/// (dose reduction is what a dose_adjust pair needs, monitoring what a monitor_closely pair needs; neither does
/// much for a combination to avoid). A drug's Beers weights are scaled by <see cref="BeersDoseReduceFactor"/> and
/// <see cref="BeersMonitoringFactor"/> by criterion: a dose_adjust row is resolved by reducing the dose, caution
/// rows are halved by either, avoid rows only go with the drug. The 0.05 high-risk term stays while the drug does.</para>
/// </summary>
internal static class RiskModel
{
    /// <summary>Risk per high-risk-in-elderly drug taken (§4).</summary>
    public const double HighRiskWeight = 0.05;

    public static double Risk(Regimen regimen, IReadOnlyCollection<string> conditions, PolypharmacyCatalog catalog)
    {
        var current = regimen.Current.Select(c => c.Medication).ToArray();
        if (current.Length == 0) return 0.0;

        var total = 0.0;
        for (var i = 0; i < current.Length; i++)
        {
            for (var j = i + 1; j < current.Length; j++)
            {
                if (catalog.RuleFor(current[i].Drug.Id, current[j].Drug.Id) is not { } rule) continue;
                var factor = 1.0;
                if (current[i].DoseReduced || current[j].DoseReduced) factor *= DoseReduceFactor(rule.Recommendation);
                if (current[i].Monitored || current[j].Monitored) factor *= MonitoringFactor(rule.Recommendation);
                total += rule.BaseRisk * factor;
            }
        }

        foreach (var medication in current)
        {
            foreach (var row in catalog.BeersFor(medication.Drug.Id, conditions))
            {
                var factor = (medication.DoseReduced ? BeersDoseReduceFactor(row.Criterion) : 1.0) *
                    (medication.Monitored ? BeersMonitoringFactor(row.Criterion) : 1.0);
                total += row.Weight * factor;
            }

            if (medication.Drug.HighRiskElderly) total += HighRiskWeight;
        }

        return Math.Clamp(total / current.Length, 0.0, 1.0);
    }

    /// <summary>Share of a pair's risk left after dose_reduce of either drug: avoid_combination 0.85, dose_adjust 0.40, monitor_closely 0.80, no_action 1.</summary>
    public static double DoseReduceFactor(string recommendation) => recommendation switch
    {
        PolypharmacyVocabulary.AvoidCombination => 0.85,
        PolypharmacyVocabulary.DoseAdjust => 0.40,
        PolypharmacyVocabulary.MonitorClosely => 0.80,
        _ => 1.0,
    };

    /// <summary>Share of a pair's risk left after add_monitoring of either drug: avoid_combination 0.85, dose_adjust 0.80, monitor_closely 0.50, no_action 1.</summary>
    public static double MonitoringFactor(string recommendation) => recommendation switch
    {
        PolypharmacyVocabulary.AvoidCombination => 0.85,
        PolypharmacyVocabulary.DoseAdjust => 0.80,
        PolypharmacyVocabulary.MonitorClosely => 0.50,
        _ => 1.0,
    };

    /// <summary>Share of a Beers weight left after dose_reduce: dose_adjust 0 (resolved), caution 0.5, avoid and avoid_in_condition 1.</summary>
    public static double BeersDoseReduceFactor(string criterion) => criterion switch
    {
        PolypharmacyVocabulary.DoseAdjust => 0.0,
        PolypharmacyVocabulary.Caution => 0.5,
        _ => 1.0,
    };

    /// <summary>Share of a Beers weight left after add_monitoring: dose_adjust and caution 0.5, avoid and avoid_in_condition 1.</summary>
    public static double BeersMonitoringFactor(string criterion) => criterion switch
    {
        PolypharmacyVocabulary.DoseAdjust or PolypharmacyVocabulary.Caution => 0.5,
        _ => 1.0,
    };

    /// <summary>The DDI rules among a set of drugs.</summary>
    public static IEnumerable<DdiRule> PairsAmong(IReadOnlyList<string> drugIds, PolypharmacyCatalog catalog)
    {
        for (var i = 0; i < drugIds.Count; i++)
        {
            for (var j = i + 1; j < drugIds.Count; j++)
            {
                if (catalog.RuleFor(drugIds[i], drugIds[j]) is { } rule) yield return rule;
            }
        }
    }
}
