using System.Globalization;
using ScottPlot;

namespace EnvServer.Training.Reports;

/// <summary>
/// The sepsis seed's "histograms for return distribution": the evaluated episodes' returns binned, with their mean
/// marked, drawn with ScottPlot as PNG and SVG.
/// </summary>
internal static class ReturnHistogramFigure
{
    public const string FileName = "return_histogram";

    /// <returns>The PNG and the SVG written.</returns>
    public static IReadOnlyList<string> Save(string directory, EvaluationSummary summary)
    {
        var returns = summary.Episodes.Select(e => e.Return).ToArray();
        var plot = new Plot();
        // A single distinct return still needs a bin of some width.
        var (low, high) = (returns.Min(), returns.Max());
        if (high - low < 1e-9) (low, high) = (low - 0.5, high + 0.5);
        var bins = Math.Clamp((int)Math.Ceiling(Math.Sqrt(returns.Length)), 5, 30);
        var histogram = ScottPlot.Statistics.Histogram.WithBinCount(bins, low, high);
        histogram.AddRange(returns);
        var bars = plot.Add.Bars(histogram.Bins, histogram.Counts.Select(count => (double)count).ToArray());
        foreach (var bar in bars.Bars) bar.Size = histogram.FirstBinSize * 0.95;
        var mean = plot.Add.VerticalLine(summary.MeanReturn);
        mean.LinePattern = LinePattern.Dashed;
        mean.LegendText = string.Create(CultureInfo.InvariantCulture, $"mean {summary.MeanReturn:0.00}");
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"{summary.Environment}/{summary.Task}: return of {returns.Length} {summary.Mode} episodes"));
        plot.XLabel("episode return");
        plot.YLabel("episodes");
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperLeft);
        var png = Path.Combine(directory, FileName + ".png");
        var svg = Path.Combine(directory, FileName + ".svg");
        plot.SavePng(png, 800, 500);
        plot.SaveSvg(svg, 800, 500);
        return [png, svg];
    }
}
