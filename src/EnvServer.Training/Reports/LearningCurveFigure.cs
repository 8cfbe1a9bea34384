using EnvServer.Training.Logging;
using EnvServer.Training.Plotting;

namespace EnvServer.Training.Reports;

/// <summary>
/// A run's learning curve against global_step: every training episode's return (charts/episodic_return) with
/// its moving average, the periodic deterministic evaluations (eval/mean_reward), and the grades when the
/// environment gives them (charts/grader_score).
/// </summary>
internal static class LearningCurveFigure
{
    public const string FileName = "learning_curve.svg";

    /// <summary>Episodes in the moving average.</summary>
    public const int Window = 20;

    public static Figure Build(string title, IReadOnlyList<Metric> metrics)
    {
        var returns = Points(metrics, "charts/episodic_return");
        var evaluations = Points(metrics, "eval/mean_reward");
        var grades = Points(metrics, "charts/grader_score");
        var steps = LinearScale.Covering(metrics.Select(m => (double)m.Step).Append(0));

        var returnScale = LinearScale.Covering(returns.Concat(evaluations).Select(p => p.Y));
        var charts = new List<Chart>
        {
            new("Return", new Axis("global_step", steps), new Axis("return", returnScale),
            [
                new Scatter(returns, "#aec7e8", "charts/episodic_return"),
                new Line(MovingAverage(returns), Palette.SeriesColor(0), $"mean of last {Window} episodes", Width: 2),
                new Line(evaluations, Palette.SeriesColor(1), "eval/mean_reward", Width: 2, Markers: true),
            ]),
        };
        if (grades.Count > 0)
        {
            charts.Add(new Chart("Grader score", new Axis("global_step", steps), new Axis("grader_score", LinearScale.Covering(grades.Select(p => p.Y).Append(0))),
            [
                new Scatter(grades, "#98df8a", "charts/grader_score"),
                new Line(MovingAverage(grades), Palette.SeriesColor(2), $"mean of last {Window} episodes", Width: 2),
            ]));
        }

        return new Figure(title, charts);
    }

    /// <summary>Writes the curve of <paramref name="metrics"/> into the run directory and returns its path.</summary>
    public static string SaveInto(string runDirectory, IReadOnlyList<Metric> metrics)
    {
        var path = Path.Combine(runDirectory, FileName);
        Build(Path.GetFileName(Path.TrimEndingDirectorySeparator(runDirectory)), metrics).Save(path);
        return path;
    }

    private static List<Point> Points(IReadOnlyList<Metric> metrics, string name) =>
        [.. metrics.Where(m => m.Name == name && double.IsFinite(m.Value)).Select(m => new Point(m.Step, m.Value))];

    /// <summary>
    /// The mean of the last <see cref="Window"/> episodes, one point per global_step: episodes of parallel sessions
    /// often end on the same step, and a point for each would draw the line up and down in place.
    /// </summary>
    private static List<Point> MovingAverage(IReadOnlyList<Point> points)
    {
        var sum = 0.0;
        var averaged = new List<Point>();
        for (var i = 0; i < points.Count; i++)
        {
            sum += points[i].Y;
            if (i >= Window) sum -= points[i - Window].Y;
            var point = points[i] with { Y = sum / Math.Min(i + 1, Window) };
            if (averaged.Count > 0 && averaged[^1].X == point.X) averaged[^1] = point;
            else averaged.Add(point);
        }

        return averaged;
    }
}
