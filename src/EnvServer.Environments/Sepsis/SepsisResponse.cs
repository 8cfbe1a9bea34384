namespace EnvServer.Environments.Sepsis;

/// <summary>
/// The probabilities of the simulator's transition rules (sepsisSimDiabetes/MDP.py), with the treatment
/// responses scaled by the age group. Withdrawal and fluctuation probabilities are the published ones for everyone.
/// </summary>
internal sealed record SepsisResponse(
    double AntibioticsHighToNormal,
    double VentilationLowToNormal,
    double VasopressorsUpOne,
    double DiabeticVasopressorsNormalToHigh,
    double DiabeticVasopressorsLowToNormal,
    double DiabeticVasopressorsLowToHigh)
{
    /// <summary>Scale of every treatment response for <see cref="SepsisAgeGroup.Older"/> patients (this project's choice).</summary>
    public const double OlderFactor = 0.8;

    /// <summary>Antibiotics withdrawn: HR and SBP normal → high, each w.p. 0.1.</summary>
    public const double AntibioticsWithdrawnNormalToHigh = 0.1;

    /// <summary>Ventilation withdrawn: O2 normal → low w.p. 0.1.</summary>
    public const double VentilationWithdrawnNormalToLow = 0.1;

    /// <summary>Vasopressors withdrawn: SBP down one level w.p. 0.1 (non-diabetic).</summary>
    public const double VasopressorsWithdrawnDownOne = 0.1;

    /// <summary>Vasopressors withdrawn: SBP down one level w.p. 0.05 (diabetic).</summary>
    public const double DiabeticVasopressorsWithdrawnDownOne = 0.05;

    /// <summary>Vasopressors on, diabetic: glucose up one level w.p. 0.5.</summary>
    public const double DiabeticVasopressorsGlucoseUp = 0.5;

    /// <summary>A free vital moves down one level w.p. 0.1 and up one level w.p. 0.1.</summary>
    public const double Fluctuation = 0.1;

    /// <summary>A diabetic's free glucose moves down w.p. 0.3 and up w.p. 0.3.</summary>
    public const double DiabeticGlucoseFluctuation = 0.3;

    /// <summary>The published simulator's responses.</summary>
    public static readonly SepsisResponse Adult = new(0.5, 0.7, 0.7, 0.9, 0.5, 0.4);

    public static SepsisResponse For(SepsisAgeGroup ageGroup) => ageGroup == SepsisAgeGroup.Older
        ? new SepsisResponse(
            Adult.AntibioticsHighToNormal * OlderFactor,
            Adult.VentilationLowToNormal * OlderFactor,
            Adult.VasopressorsUpOne * OlderFactor,
            Adult.DiabeticVasopressorsNormalToHigh * OlderFactor,
            Adult.DiabeticVasopressorsLowToNormal * OlderFactor,
            Adult.DiabeticVasopressorsLowToHigh * OlderFactor)
        : Adult;
}
