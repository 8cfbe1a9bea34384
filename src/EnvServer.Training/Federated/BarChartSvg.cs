using EnvServer.Training.Plotting;

namespace EnvServer.Training.Federated;

/// <summary>A grouped bar chart as a standalone SVG document: one group of bars per category, one bar (and legend
/// entry) per series, on a value axis that includes zero, drawn with the plotting module's canvas, scale and palette.</summary>
internal static class BarChartSvg
{
    private const double Width = 860;
    private const double Height = 440;
    private const double Left = 90;
    private const double Right = 200;
    private const double Top = 50;
    private const double Bottom = 60;
    private const double PlotWidth = Width - Left - Right;
    private const double PlotHeight = Height - Top - Bottom;

    public static string Render(string title, string valueLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Name, double[] Values)> series)
    {
        var scale = LinearScale.Covering(series.SelectMany(s => s.Values), includeZero: true);
        double Y(double value) => Top + PlotHeight * (1 - scale.Fraction(value));

        using var canvas = new SvgCanvas(Width, Height);
        canvas.Text(Width / 2, 24, title, "title", "middle", size: 16);
        canvas.Text(18, Top + PlotHeight / 2, valueLabel, "axis-title", "middle", rotate: -90);
        foreach (var tick in scale.Ticks())
        {
            canvas.LineSegment(Left, Y(tick), Left + PlotWidth, Y(tick), "#dddddd", "grid");
            canvas.Text(Left - 6, Y(tick) + 4, scale.Label(tick), "tick-label", "end");
        }

        var groupWidth = PlotWidth / categories.Count;
        var barWidth = groupWidth * 0.8 / series.Count;
        for (var c = 0; c < categories.Count; c++)
        {
            var groupLeft = Left + c * groupWidth + groupWidth * 0.1;
            for (var s = 0; s < series.Count; s++)
            {
                var value = series[s].Values[c];
                if (!double.IsFinite(value)) continue;
                var (top, bottom) = (Y(Math.Max(value, 0)), Y(Math.Min(value, 0)));
                canvas.Rect(groupLeft + s * barWidth, top, barWidth * 0.92, bottom - top, Palette.SeriesColor(s), "bar",
                    title: $"{series[s].Name}, {categories[c]}: {NumberText.Compact(value)}");
            }

            canvas.Text(Left + (c + 0.5) * groupWidth, Height - Bottom + 20, categories[c], "tick-label", "middle");
        }

        canvas.LineSegment(Left, Y(0), Left + PlotWidth, Y(0), "#333333", "zero");
        for (var s = 0; s < series.Count; s++)
        {
            var y = Top + 10 + s * 20;
            canvas.Rect(Width - Right + 20, y - 10, 12, 12, Palette.SeriesColor(s), "legend-key");
            canvas.Text(Width - Right + 38, y, series[s].Name, "legend-label");
        }

        return canvas.Finish();
    }
}
