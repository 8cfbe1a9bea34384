namespace EnvServer.Training.Plotting;

/// <summary>
/// A base-10 logarithmic axis from one power of ten to another. Ticks are the decades (every n-th when
/// there are many), with 2 and 5 between them when the axis spans two decades or fewer.
/// </summary>
internal sealed class LogScale : Scale
{
    private const int MaxDecadeTicks = 8;

    private LogScale(double min, double max)
        : base(min, max)
    {
    }

    /// <summary>The decades holding every positive finite value; values ≤ 0 cannot be shown and are left out.</summary>
    public static LogScale Covering(IEnumerable<double> values)
    {
        var positive = values.Where(v => v > 0 && double.IsFinite(v)).ToList();
        if (positive.Count == 0) return new LogScale(1, 10);
        var low = Math.Floor(Math.Log10(positive.Min()));
        var high = Math.Ceiling(Math.Log10(positive.Max()));
        if (high == low) high++;
        return new LogScale(Math.Pow(10, low), Math.Pow(10, high));
    }

    private int LowExponent => (int)Math.Round(Math.Log10(Min));

    private int HighExponent => (int)Math.Round(Math.Log10(Max));

    public override double Fraction(double value) =>
        value > 0 ? (Math.Log10(value) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min)) : double.NaN;

    public override IReadOnlyList<double> Ticks()
    {
        var decades = HighExponent - LowExponent;
        var every = (decades + MaxDecadeTicks - 1) / MaxDecadeTicks;
        var ticks = new List<double>();
        for (var k = LowExponent; k <= HighExponent; k++)
        {
            if ((k - LowExponent) % every != 0) continue;
            ticks.Add(Decade(k));
            if (decades <= 2 && k < HighExponent) ticks.AddRange([2 * Decade(k), 5 * Decade(k)]);
        }

        return ticks;
    }

    /// <summary>Powers of ten on every tick once the axis leaves 0.01 … 10⁴, so one axis never mixes 50000 with 10⁵.</summary>
    public override string Label(double tick) => NumberText.Log(tick, powers: LowExponent < -2 || HighExponent > 4);

    /// <summary>10ᵏ parsed from its decimal text, so that 1e-3 is exactly the double "0.001" and not 10^-3 rounded otherwise.</summary>
    private static double Decade(int k) => double.Parse($"1e{k}", System.Globalization.CultureInfo.InvariantCulture);
}
