namespace EnvServer.Environments.Sepsis;

/// <summary>Which version of the simulator's transition rules to play by (reset option <c>dynamics</c>).</summary>
public enum SepsisDynamics
{
    /// <summary>
    /// Default: a non-diabetic's glucose fluctuates up one level w.p. 0.1, capped at very high, as the authors'
    /// sim-v2 branch fixes it.
    /// </summary>
    Fixed,

    /// <summary>
    /// The published code (clinicalml/gumbel-max-scm, sepsisSimDiabetes/MDP.py) used for the paper: a non-diabetic's
    /// "+1" glucose move is <c>min(1, glucose + 1)</c>, so it sends normal, high and very high glucose to low.
    /// </summary>
    Original,
}

/// <summary>Wire names of <see cref="SepsisDynamics"/> and <see cref="SepsisAgeGroup"/>.</summary>
public static class SepsisNames
{
    public const string Fixed = "fixed";
    public const string Original = "original";
    public const string Adult = "adult";
    public const string Older = "older";

    public static string Of(SepsisDynamics dynamics) => dynamics == SepsisDynamics.Original ? Original : Fixed;

    public static string Of(SepsisAgeGroup ageGroup) => ageGroup == SepsisAgeGroup.Older ? Older : Adult;

    public static SepsisDynamics ParseDynamics(string? name) => name == Original ? SepsisDynamics.Original : SepsisDynamics.Fixed;

    public static SepsisAgeGroup ParseAgeGroup(string? name) => name == Older ? SepsisAgeGroup.Older : SepsisAgeGroup.Adult;
}
