using EnvServer.Training.Plotting;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Reports;

/// <summary>A drug-dose episode: the measured concentration against the therapeutic window, and the dose given at each step.</summary>
internal static class DrugDoseFigure
{
    private const string WindowColor = "#c7e9c0";

    public static Figure Build(string title, Trajectory trajectory)
    {
        var steps = LinearScale.Covering([0, trajectory.Steps[^1].Step], integers: true);
        var concentration = trajectory.Steps.Select(s => new Point(s.Step, TrajectoryFigure.Number(s.Observation, "concentration"))).ToArray();
        // The window is part of each observation; a task could move it, so each distinct one is drawn.
        var windows = trajectory.Steps
            .Select(s => (Low: TrajectoryFigure.Number(s.Observation, "target_low"), High: TrajectoryFigure.Number(s.Observation, "target_high")))
            .Where(w => double.IsFinite(w.Low) && double.IsFinite(w.High))
            .Distinct()
            .Select(w => new YBand(w.Low, w.High, WindowColor, "therapeutic window"))
            .ToArray();
        var concentrationScale = LinearScale.Covering(concentration.Select(p => p.Y).Concat(windows.SelectMany(w => new[] { w.Low, w.High })), includeZero: true);

        // The observation's dose is what was given (after the environment's limits), which the action may not be.
        var doses = TrajectoryFigure.Acted(trajectory)
            .Select(s => new Point(s.Step, TrajectoryFigure.Number(s.Observation, "dose") is var d && double.IsFinite(d) ? d : s.Action!.Value))
            .ToArray();
        return new Figure(title,
        [
            new Chart("Concentration", new Axis("step", steps), new Axis("concentration", concentrationScale),
                [.. windows, new Line(concentration, Palette.SeriesColor(0), "concentration", Width: 2)]),
            new Chart("Dose", new Axis("step", steps), new Axis("dose", LinearScale.Covering(doses.Select(p => p.Y), includeZero: true)),
                [new Bars(doses, Palette.SeriesColor(1), "dose given")]),
        ]);
    }
}
