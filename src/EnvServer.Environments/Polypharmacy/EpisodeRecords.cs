namespace EnvServer.Environments.Polypharmacy;

/// <summary>A valid query and what it found; severity "none" (recommendation no_action, risk 0) when the pair has no rule.</summary>
internal sealed record QueryRecord(int Step, string DrugId1, string DrugId2, string Severity, string Recommendation, double BaseRisk, string? Mechanism);

/// <summary>A valid intervention and the change of regimen risk it made (positive = safer).</summary>
internal sealed record InterventionRecord(
    int Step, string TargetDrugId, string InterventionType, string? ProposedNewDrugId, string? Rationale, double RiskBefore, double RiskAfter)
{
    public double DeltaRisk => RiskBefore - RiskAfter;
}
