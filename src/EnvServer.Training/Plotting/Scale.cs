namespace EnvServer.Training.Plotting;

/// <summary>
/// Maps data values on one axis to a fraction of the plot area (0 at the start, 1 at the end) and chooses
/// the ticks to label it with. The domain is widened to round tick values so the axis starts and ends on a label.
/// </summary>
internal abstract class Scale
{
    protected Scale(double min, double max)
    {
        Min = min;
        Max = max;
    }

    public double Min { get; }

    public double Max { get; }

    /// <summary>Where <paramref name="value"/> falls along the axis; NaN when the scale cannot show it (e.g. ≤ 0 on a log axis).</summary>
    public abstract double Fraction(double value);

    public abstract IReadOnlyList<double> Ticks();

    public abstract string Label(double tick);
}
