namespace EnvServer.Environments.Hiv;

/// <summary>
/// The drug efficacies an action applies for a whole step: ε1 of the reverse-transcriptase inhibitor
/// (RTI) and ε2 of the protease inhibitor (PI).
/// </summary>
internal readonly record struct HivTreatment(double Rti, double Pi)
{
    /// <summary>Number of actions.</summary>
    public const int Count = 4;

    /// <summary>ε1 when the RTI is given: the benchmark's upper bound b1 = 0.7.</summary>
    public const double RtiEfficacy = 0.7;

    /// <summary>ε2 when the PI is given: the benchmark's upper bound b2 = 0.3.</summary>
    public const double PiEfficacy = 0.3;

    /// <summary>
    /// The benchmark's action set, in its order: 0 none (0, 0), 1 PI only (0, 0.3), 2 RTI only (0.7, 0),
    /// 3 both (0.7, 0.3), as (ε1, ε2).
    /// </summary>
    private static readonly HivTreatment[] Table =
    [
        new(0.0, 0.0),
        new(0.0, PiEfficacy),
        new(RtiEfficacy, 0.0),
        new(RtiEfficacy, PiEfficacy),
    ];

    public static HivTreatment Of(int action) => Table[action];
}
