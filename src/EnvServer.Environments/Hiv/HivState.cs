namespace EnvServer.Environments.Hiv;

/// <summary>
/// The six state variables of the model, in the benchmark's order: T1 healthy CD4+ T cells, T1* infected
/// T1, T2 healthy macrophages, T2* infected macrophages, V free virions, E HIV-specific effector cells
/// (cells or virions per mL).
/// </summary>
internal record struct HivState(double T1, double T1Star, double T2, double T2Star, double V, double E)
{
    /// <summary>Number of state variables.</summary>
    public const int Size = 6;

    /// <summary>The benchmark's default start, "unhealthy": the untreated infected steady state.</summary>
    public static readonly HivState Unhealthy = new(163573.0, 11945.0, 5.0, 46.0, 63919.0, 24.0);

    /// <summary>The benchmark's "healthy" start: the immune-controlled steady state.</summary>
    public static readonly HivState Healthy = new(967839.0, 76.0, 621.0, 6.0, 415.0, 353108.0);

    /// <summary>The benchmark's "uninfected" start.</summary>
    public static readonly HivState Uninfected = new(1e6, 0.0, 3198.0, 0.0, 0.0, 10.0);

    /// <summary>The benchmark's clipping bounds (upper; the lower bound is 0 for every variable).</summary>
    public static readonly HivState Upper = new(1e6, 5e4, 3200.0, 80.0, 2.5e5, 353200.0);

    /// <summary>CD4 count as a clinic measures it: T1 + T1*, cells/mL.</summary>
    public readonly double Cd4 => T1 + T1Star;

    /// <summary>Each variable clipped to [0, upper], as <c>np.clip(s, lower, upper)</c>.</summary>
    public readonly HivState Clipped() => new(
        Clip(T1, Upper.T1), Clip(T1Star, Upper.T1Star), Clip(T2, Upper.T2),
        Clip(T2Star, Upper.T2Star), Clip(V, Upper.V), Clip(E, Upper.E));

    public readonly void CopyTo(Span<double> destination)
    {
        destination[0] = T1;
        destination[1] = T1Star;
        destination[2] = T2;
        destination[3] = T2Star;
        destination[4] = V;
        destination[5] = E;
    }

    // np.clip is min(max(x, lower), upper); a NaN would stay NaN, which the model never produces from finite input.
    private static double Clip(double value, double upper) => Math.Min(Math.Max(value, 0.0), upper);
}
