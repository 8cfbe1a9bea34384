namespace EnvServer.Training.Plotting;

/// <summary>A linear axis with "nice" ticks: steps of 1, 2 or 5 times a power of ten, about <see cref="TargetTicks"/> of them.</summary>
internal sealed class LinearScale : Scale
{
    private const int TargetTicks = 5;

    private readonly double _step;

    private LinearScale(double min, double max, double step)
        : base(min, max)
    {
        _step = step;
    }

    /// <summary>
    /// The smallest nice domain holding every finite value (and zero when <paramref name="includeZero"/>); ticks at
    /// whole numbers only when <paramref name="integers"/> (steps, discrete actions).
    /// </summary>
    public static LinearScale Covering(IEnumerable<double> values, bool includeZero = false, bool integers = false)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (includeZero) finite.Add(0);
        var (low, high) = finite.Count == 0 ? (0.0, 1.0) : (finite.Min(), finite.Max());
        if (low == high)
        {
            // A constant series still needs an axis around it.
            var pad = low == 0 ? 1 : Math.Abs(low) * 0.1;
            (low, high) = (low - pad, high + pad);
        }

        var step = NiceStep((high - low) / TargetTicks);
        if (integers) step = Math.Max(step, 1);
        return new LinearScale(Math.Floor(low / step) * step, Math.Ceiling(high / step) * step, step);
    }

    /// <summary>1, 2 or 5 × 10ᵏ: the nice step nearest above <paramref name="rough"/>.</summary>
    public static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var residual = rough / magnitude;
        var nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    public override double Fraction(double value) => (value - Min) / (Max - Min);

    public override IReadOnlyList<double> Ticks()
    {
        var first = (long)Math.Round(Min / _step);
        var last = (long)Math.Round(Max / _step);
        // A nice step below 1 is 1/n for a whole n (0.2 = 1/5): k/n is the double nearest to the tick (0.6), where
        // k·0.2 or repeated additions drift (0.6000000000000001); a step of 1 or more is whole and multiplies exactly.
        var perUnit = Math.Round(1 / _step);
        return [.. Enumerable.Range(0, (int)(last - first) + 1).Select(k => _step < 1 ? (first + k) / perUnit : (first + k) * _step)];
    }

    public override string Label(double tick) => NumberText.Linear(tick, _step);
}
