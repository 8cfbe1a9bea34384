namespace EnvServer.Environments.Sepsis;

/// <summary>
/// One of the 8 treatment combinations, index = 4·A + 2·E + V with A antibiotics, E mechanical ventilation
/// and V vasopressors (the published code's Action index: antibiotic, ventilation, vasopressors bits).
/// 0 gives nothing; 7 gives all three.
/// </summary>
public readonly record struct SepsisAction
{
    /// <summary>Number of actions.</summary>
    public const int Count = 8;

    /// <summary>The index bits of each treatment.</summary>
    public const int AntibioticsBit = 4, VentilationBit = 2, VasopressorsBit = 1;

    public SepsisAction(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        Index = index;
    }

    /// <summary>No treatment: the only action after which a patient with all vitals normal is discharged.</summary>
    public static SepsisAction None => new(0);

    public int Index { get; }

    public bool Antibiotics => (Index & AntibioticsBit) != 0;

    public bool Ventilation => (Index & VentilationBit) != 0;

    public bool Vasopressors => (Index & VasopressorsBit) != 0;
}
