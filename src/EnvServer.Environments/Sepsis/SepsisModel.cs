namespace EnvServer.Environments.Sepsis;

/// <summary>The variant of the simulator an episode plays: dynamics version and age group.</summary>
public readonly record struct SepsisModel(SepsisDynamics Dynamics, SepsisAgeGroup AgeGroup)
{
    /// <summary>The reference tasks' model: fixed dynamics, adult responses.</summary>
    public static SepsisModel Default => new(SepsisDynamics.Fixed, SepsisAgeGroup.Adult);

    /// <summary>Every model, in a fixed order (for caches and tables).</summary>
    public static IReadOnlyList<SepsisModel> All { get; } =
    [
        new(SepsisDynamics.Fixed, SepsisAgeGroup.Adult),
        new(SepsisDynamics.Original, SepsisAgeGroup.Adult),
        new(SepsisDynamics.Fixed, SepsisAgeGroup.Older),
        new(SepsisDynamics.Original, SepsisAgeGroup.Older),
    ];

    public override string ToString() => $"{SepsisNames.Of(Dynamics)}/{SepsisNames.Of(AgeGroup)}";
}
