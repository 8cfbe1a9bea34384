namespace EnvServer.Training.Plotting;

/// <summary>
/// Charts stacked vertically under a title, sharing one width, each with its legend on the right;
/// rendered as a standalone SVG document.
/// </summary>
internal sealed record Figure(string Title, IReadOnlyList<Chart> Charts)
{
    private const double Width = 960;
    private const double Left = 84;
    private const double LegendWidth = 210;
    private const double TitleHeight = 36;
    private const double ChartTitleHeight = 24;
    private const double PlotHeight = 220;
    private const double AxisHeight = 46;
    private const double PlotWidth = Width - Left - LegendWidth;
    private const double ChartHeight = ChartTitleHeight + PlotHeight + AxisHeight;

    public string ToSvg()
    {
        using var canvas = new SvgCanvas(Width, TitleHeight + Charts.Count * ChartHeight);
        canvas.Text(Width / 2, 24, Title, "title", "middle", size: 16, bold: true);
        for (var i = 0; i < Charts.Count; i++) Draw(canvas, Charts[i], TitleHeight + i * ChartHeight);
        return canvas.Finish();
    }

    public void Save(string path) => File.WriteAllText(path, ToSvg());

    private static void Draw(SvgCanvas canvas, Chart chart, double top)
    {
        var area = new PlotArea(Left, top + ChartTitleHeight, PlotWidth, PlotHeight, chart.X.Scale, chart.Y.Scale);
        canvas.Text(area.Left, top + 16, chart.Title, "chart-title", size: 13, bold: true);
        canvas.Rect(area.Left, area.Top, area.Width, area.Height, "#ffffff", "plot-area", stroke: "#888888");
        DrawGrid(canvas, chart, area);
        foreach (var element in chart.Elements) DrawElement(canvas, element, area);
        canvas.Text(area.Left + area.Width / 2, area.Bottom + 38, chart.X.Title, "axis-title", "middle");
        canvas.Text(area.Left - 62, area.Top + area.Height / 2, chart.Y.Title, "axis-title", "middle", rotate: -90);
        DrawLegend(canvas, chart.Elements, area);
    }

    private static void DrawGrid(SvgCanvas canvas, Chart chart, PlotArea area)
    {
        foreach (var tick in chart.X.Scale.Ticks())
        {
            var x = area.X(tick);
            canvas.LineSegment(x, area.Top, x, area.Bottom, "#eeeeee", "grid");
            canvas.LineSegment(x, area.Bottom, x, area.Bottom + 4, "#444444", "tick");
            canvas.Text(x, area.Bottom + 17, chart.X.Scale.Label(tick), "tick-label", "middle", size: 11);
        }

        foreach (var tick in chart.Y.Scale.Ticks())
        {
            var y = area.Y(tick);
            canvas.LineSegment(area.Left, y, area.Right, y, "#eeeeee", "grid");
            canvas.LineSegment(area.Left - 4, y, area.Left, y, "#444444", "tick");
            canvas.Text(area.Left - 7, y + 4, chart.Y.Scale.Label(tick), "tick-label", "end", size: 11);
        }
    }

    private static void DrawElement(SvgCanvas canvas, ChartElement element, PlotArea area)
    {
        switch (element)
        {
            case XBand band:
                var (from, to) = (area.X(band.From), area.X(band.To));
                canvas.Rect(Math.Min(from, to), area.Top, Math.Abs(to - from), area.Height, band.Color, "band");
                break;
            case YBand band:
                var (low, high) = (area.Y(band.Low), area.Y(band.High));
                canvas.Rect(area.Left, Math.Min(low, high), area.Width, Math.Abs(low - high), band.Color, "band");
                break;
            case Bars bars:
                DrawBars(canvas, bars, area);
                break;
            case Scatter scatter:
                foreach (var (x, y) in area.Segments(scatter.Points).SelectMany(s => s)) canvas.Circle(x, y, 1.8, scatter.Color, "dot");
                break;
            case Line line:
                foreach (var segment in area.Segments(line.Points)) canvas.Polyline(segment, line.Color, line.Width, "series");
                if (!line.Markers) break;
                foreach (var segment in area.Segments(line.Points))
                {
                    foreach (var (x, y) in segment) canvas.Circle(x, y, 3, line.Color, "marker");
                }

                break;
        }
    }

    private static void DrawBars(SvgCanvas canvas, Bars bars, PlotArea area)
    {
        var xs = bars.Points.Select(p => p.X).Order().ToArray();
        var spacing = xs.Zip(xs.Skip(1), (a, b) => b - a).Where(d => d > 0).DefaultIfEmpty(0).Min();
        var width = spacing > 0 ? Math.Max(1, Math.Abs(area.X(xs[0] + spacing) - area.X(xs[0])) * 0.7) : 6;
        var baseline = area.Baseline();
        foreach (var point in bars.Points)
        {
            var y = area.Y(point.Y);
            if (double.IsNaN(y)) continue;
            // A bar at either end of the x axis is cut at the plot area's edge.
            var left = Math.Max(area.X(point.X) - width / 2, area.Left);
            var right = Math.Min(area.X(point.X) + width / 2, area.Right);
            canvas.Rect(left, Math.Min(y, baseline), right - left, Math.Abs(baseline - y), bars.Color, "bar");
        }
    }

    private static void DrawLegend(SvgCanvas canvas, IReadOnlyList<ChartElement> elements, PlotArea area)
    {
        var entries = elements.Where(e => e.Label is not null && !IsEmpty(e)).DistinctBy(e => e.Label).ToList();
        var x = area.Right + 16;
        for (var i = 0; i < entries.Count; i++)
        {
            var y = area.Top + 8 + i * 20;
            if (entries[i] is Line line) canvas.LineSegment(x, y + 6, x + 22, y + 6, line.Color, "legend-swatch", line.Width + 1);
            else if (entries[i] is Scatter) canvas.Circle(x + 11, y + 6, 3, entries[i].Color, "legend-swatch");
            else canvas.Rect(x, y, 22, 12, entries[i].Color, "legend-swatch", stroke: "#999999");
            canvas.Text(x + 30, y + 10, entries[i].Label!, "legend");
        }
    }

    private static bool IsEmpty(ChartElement element) => element switch
    {
        Line line => line.Points.Count == 0,
        Bars bars => bars.Points.Count == 0,
        Scatter scatter => scatter.Points.Count == 0,
        _ => false,
    };

    /// <summary>Pixel geometry of one chart's plot area; every mapped point is clamped inside it.</summary>
    private sealed record PlotArea(double Left, double Top, double Width, double Height, Scale XScale, Scale YScale)
    {
        public double Right => Left + Width;

        public double Bottom => Top + Height;

        public double X(double value) => Left + Clamp(XScale.Fraction(value)) * Width;

        public double Y(double value) => Bottom - Clamp(YScale.Fraction(value)) * Height;

        /// <summary>Where bars start: zero when the y axis shows it, else the axis minimum.</summary>
        public double Baseline() => YScale.Fraction(0) is var f && f is >= 0 and <= 1 ? Y(0) : Bottom;

        /// <summary>Runs of consecutive points the scales can show, in pixels.</summary>
        public IEnumerable<List<(double X, double Y)>> Segments(IReadOnlyList<Point> points)
        {
            var run = new List<(double, double)>();
            foreach (var point in points)
            {
                var (x, y) = (X(point.X), Y(point.Y));
                if (double.IsFinite(x) && double.IsFinite(y))
                {
                    run.Add((x, y));
                    continue;
                }

                if (run.Count > 0) yield return run;
                run = [];
            }

            if (run.Count > 0) yield return run;
        }

        private static double Clamp(double fraction) => double.IsNaN(fraction) ? double.NaN : Math.Clamp(fraction, 0, 1);
    }
}
