namespace EnvServer.Environments.Polypharmacy;

/// <summary>One row of <c>data/polypharmacy/ddi_rules.csv</c>: an interacting pair, ids in ordinal order.</summary>
/// <param name="DrugId1">First drug (ordinal order).</param>
/// <param name="DrugId2">Second drug.</param>
/// <param name="Severity"><c>severe</c>, <c>moderate</c> or <c>mild</c>.</param>
/// <param name="BaseRisk">The pair's contribution to the regimen risk while both drugs are taken, before mitigation.</param>
/// <param name="Recommendation"><c>avoid_combination</c>, <c>monitor_closely</c>, <c>dose_adjust</c> or <c>no_action</c>; decides how much dose_reduce and add_monitoring help (<see cref="RiskModel"/>).</param>
/// <param name="Mechanism">Why the pair interacts, shown by query_ddi.</param>
public sealed record DdiRule(string DrugId1, string DrugId2, string Severity, double BaseRisk, string Recommendation, string Mechanism)
{
    public bool Involves(string drugId) => DrugId1 == drugId || DrugId2 == drugId;
}
