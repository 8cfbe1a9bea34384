namespace EnvServer.Environments.Polypharmacy;

/// <summary>One row of <c>data/polypharmacy/beers_criteria.csv</c>.</summary>
/// <param name="DrugId">The drug the row is about.</param>
/// <param name="Criterion"><c>avoid</c>, <c>caution</c>, <c>dose_adjust</c> or <c>avoid_in_condition</c>.</param>
/// <param name="Condition">A condition code (e.g. <c>CKD</c>); when set, the row applies only to patients with it.</param>
/// <param name="Rationale">Why older adults are at risk, shown in the observation.</param>
public sealed record BeersCriterion(string DrugId, string Criterion, string? Condition, string Rationale)
{
    /// <summary>The row's weight in the regimen risk (§4): avoid 0.30, caution 0.12, dose_adjust 0.10, avoid_in_condition 0.25.</summary>
    public double Weight => Criterion switch
    {
        PolypharmacyVocabulary.Avoid => 0.30,
        PolypharmacyVocabulary.Caution => 0.12,
        PolypharmacyVocabulary.DoseAdjust => 0.10,
        PolypharmacyVocabulary.AvoidInCondition => 0.25,
        _ => throw new InvalidOperationException($"Unknown Beers criterion '{Criterion}'."),
    };

    public bool AppliesTo(IReadOnlyCollection<string> conditions) => Condition is null || conditions.Contains(Condition);
}
