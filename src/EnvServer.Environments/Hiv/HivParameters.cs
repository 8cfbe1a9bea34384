using EnvServer.Environments.Core;

namespace EnvServer.Environments.Hiv;

/// <summary>
/// The 20 parameters of the Adams et al. (2004) HIV model, with the values of the public HIVPatient
/// benchmark (RL-MVA <c>env_hiv.py</c>) as defaults. Units: cells or virions per mL, days.
/// Patient variability changes <see cref="K1"/>, <see cref="K2"/>, <see cref="F"/> (benchmark domain
/// randomisation and cohorts) and <see cref="Lambda1"/> (cohorts only); the rest are fixed.
/// </summary>
internal sealed record HivParameters
{
    /// <summary>The benchmark's default patient (k1 = 8e-7, k2 = 1e-4, f = 0.34, λ1 = 1e4).</summary>
    public static readonly HivParameters Default = new();

    /// <summary>λ1, production rate of type-1 (CD4+ T) cells, cells/mL/day.</summary>
    public double Lambda1 { get; init; } = 1e4;

    /// <summary>d1, death rate of T1 cells, per day.</summary>
    public double D1 { get; init; } = 1e-2;

    /// <summary>k1, infection rate of T1 cells, mL/virion/day.</summary>
    public double K1 { get; init; } = 8e-7;

    /// <summary>m1, immune-induced clearance of infected T1, mL/cell/day.</summary>
    public double M1 { get; init; } = 1e-5;

    /// <summary>ρ1, virions infecting a T1 cell.</summary>
    public double Rho1 { get; init; } = 1;

    /// <summary>λ2, production rate of type-2 cells (macrophages), cells/mL/day.</summary>
    public double Lambda2 { get; init; } = 31.98;

    /// <summary>d2, death rate of T2 cells, per day.</summary>
    public double D2 { get; init; } = 1e-2;

    /// <summary>k2, infection rate of T2 cells, mL/virion/day.</summary>
    public double K2 { get; init; } = 1e-4;

    /// <summary>f, reduction of RTI efficacy in type-2 cells.</summary>
    public double F { get; init; } = 0.34;

    /// <summary>m2, immune-induced clearance of infected T2, mL/cell/day.</summary>
    public double M2 { get; init; } = 1e-5;

    /// <summary>ρ2, virions infecting a T2 cell.</summary>
    public double Rho2 { get; init; } = 1;

    /// <summary>δ, death rate of infected cells, per day.</summary>
    public double Delta { get; init; } = 0.7;

    /// <summary>N_T, virions produced per infected cell.</summary>
    public double NT { get; init; } = 100;

    /// <summary>c, natural clearance of free virions, per day.</summary>
    public double C { get; init; } = 13;

    /// <summary>λE, production rate of effector cells, cells/mL/day.</summary>
    public double LambdaE { get; init; } = 1;

    /// <summary>bE, maximum birth rate of effector cells, per day.</summary>
    public double BE { get; init; } = 0.3;

    /// <summary>Kb, saturation constant of effector birth, cells/mL.</summary>
    public double Kb { get; init; } = 100;

    /// <summary>dE, maximum death rate of effector cells, per day.</summary>
    public double DE { get; init; } = 0.25;

    /// <summary>Kd, saturation constant of effector death, cells/mL.</summary>
    public double Kd { get; init; } = 500;

    /// <summary>δE, natural death rate of effector cells, per day.</summary>
    public double DeltaE { get; init; } = 0.1;

    /// <summary>This patient with every parameter varied by the realism setting parameter_variation, drawn in declaration order.</summary>
    public HivParameters Varied(Realism realism) => realism.ParameterSpread == 0 ? this : this with
    {
        Lambda1 = realism.Vary(Lambda1),
        D1 = realism.Vary(D1),
        K1 = realism.Vary(K1),
        M1 = realism.Vary(M1),
        Rho1 = realism.Vary(Rho1),
        Lambda2 = realism.Vary(Lambda2),
        D2 = realism.Vary(D2),
        K2 = realism.Vary(K2),
        F = realism.Vary(F),
        M2 = realism.Vary(M2),
        Rho2 = realism.Vary(Rho2),
        Delta = realism.Vary(Delta),
        NT = realism.Vary(NT),
        C = realism.Vary(C),
        LambdaE = realism.Vary(LambdaE),
        BE = realism.Vary(BE),
        Kb = realism.Vary(Kb),
        DE = realism.Vary(DE),
        Kd = realism.Vary(Kd),
        DeltaE = realism.Vary(DeltaE),
    };
}
