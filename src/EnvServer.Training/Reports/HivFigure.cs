using System.Globalization;
using EnvServer.Training.Plotting;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Reports;

/// <summary>
/// An hiv episode as a clinician reads it: CD4 count and viral load over the days on log axes, with the
/// regimen of each period as a coloured band behind both (one band per run of the same treatment).
/// </summary>
internal static class HivFigure
{
    /// <summary>Each step is 5 days of treatment (the hiv action schema).</summary>
    public const double DaysPerStep = 5;

    /// <summary>The treatments in the order of hiv's discrete action.</summary>
    public static readonly IReadOnlyList<string> Treatments = ["no treatment", "PI only", "RTI only", "RTI + PI"];

    public static Figure Build(string title, Trajectory trajectory)
    {
        var bands = Bands(trajectory);
        var time = LinearScale.Covering([0, trajectory.Steps[^1].Step * DaysPerStep]);
        return new Figure(title,
        [
            Panel("CD4 count", "CD4 (cells/mL)", "cd4", Palette.SeriesColor(0), trajectory, bands, time),
            Panel("Viral load", "viral load (copies/mL)", "viral_load", Palette.SeriesColor(3), trajectory, bands, time),
        ]);
    }

    /// <summary>
    /// Step t's action is given from day 5(t−1) to day 5t; consecutive steps with the same action share a band.
    /// Bands never overlap, so they are listed by treatment, which orders the legend.
    /// </summary>
    public static IReadOnlyList<XBand> Bands(Trajectory trajectory)
    {
        var bands = new List<(int Action, XBand Band)>();
        foreach (var step in TrajectoryFigure.Acted(trajectory))
        {
            var action = (int)step.Action!.Value;
            var (from, to) = ((step.Step - 1) * DaysPerStep, step.Step * DaysPerStep);
            if (bands.Count > 0 && bands[^1].Action == action) bands[^1] = (action, bands[^1].Band with { To = to });
            else bands.Add((action, new XBand(from, to, Palette.BandColor(action), action >= 0 && action < Treatments.Count ? Treatments[action] : string.Create(CultureInfo.InvariantCulture, $"action {action}"))));
        }

        return [.. bands.OrderBy(b => b.Action).Select(b => b.Band)];
    }

    private static Chart Panel(string chartTitle, string axisTitle, string field, string color, Trajectory trajectory, IReadOnlyList<XBand> bands, Scale time)
    {
        var points = trajectory.Steps.Select(s => new Point(s.Step * DaysPerStep, TrajectoryFigure.Number(s.Observation, field))).ToArray();
        var line = new Line(points, color, axisTitle, Width: 2);
        return new Chart(chartTitle, new Axis("day", time), new Axis(axisTitle, LogScale.Covering(points.Select(p => p.Y))), [.. bands, line]);
    }
}
