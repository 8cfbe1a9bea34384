namespace EnvServer.Environments.Polypharmacy;

/// <summary>One row of <c>data/polypharmacy/drug_metadata.csv</c>.</summary>
/// <param name="Id">snake_case id used in actions, e.g. <c>insulin_glargine</c>.</param>
/// <param name="GenericName">Display name.</param>
/// <param name="AtcClass">ATC class (level 2 or 3); substitution stays inside it.</param>
/// <param name="AtcClassName">Name of the ATC class.</param>
/// <param name="HighRiskElderly">Counts 0.05 in the regimen risk while taken.</param>
/// <param name="Critical">Stopping it without a substitute costs 0.20 in the complex_tradeoff grade.</param>
/// <param name="DefaultDoseMg">Dose a new prescription (or a substitute) starts at; insulin glargine in units.</param>
/// <param name="MinDoseMg">Lowest dose: dose_reduce halves the dose but never below it.</param>
/// <param name="MaxDoseMg">Highest dose.</param>
public sealed record Drug(
    string Id, string GenericName, string AtcClass, string AtcClassName, bool HighRiskElderly, bool Critical,
    double DefaultDoseMg, double MinDoseMg, double MaxDoseMg);
