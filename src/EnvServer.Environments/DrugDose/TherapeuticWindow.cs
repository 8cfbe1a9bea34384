namespace EnvServer.Environments.DrugDose;

/// <summary>
/// The therapeutic window [<paramref name="Low"/>, <paramref name="High"/>], inclusive at both ends as in
/// the seed (<c>c_min &lt;= C &lt;= c_max</c>).
/// </summary>
internal readonly record struct TherapeuticWindow(double Low, double High)
{
    /// <summary>The seed's window, c_min = 2 and c_max = 3 (concentration units), used by every task.</summary>
    public static readonly TherapeuticWindow Default = new(2.0, 3.0);

    public bool Contains(double concentration) => concentration >= Low && concentration <= High;

    /// <summary>
    /// The seed's reward: +1 inside the window, otherwise minus the distance to the nearer edge, so an
    /// agent outside is always pulled towards the window rather than seeing a flat penalty.
    /// </summary>
    public double Reward(double concentration) =>
        Contains(concentration) ? 1.0
        : concentration < Low ? -(Low - concentration)
        : -(concentration - High);
}
