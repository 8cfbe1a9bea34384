using EnvServer.Training.Plotting;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Reports;

/// <summary>Any environment's episode: the action and reward of each step and the return accumulated so far.</summary>
internal static class RewardFigure
{
    public static Figure Build(string title, Trajectory trajectory)
    {
        var steps = LinearScale.Covering([0, trajectory.Steps[^1].Step], integers: true);
        var acted = TrajectoryFigure.Acted(trajectory).ToArray();
        var rewards = acted.Select(s => new Point(s.Step, s.Reward!.Value)).ToArray();
        var returns = trajectory.Steps.Select(s => new Point(s.Step, s.Return)).ToArray();
        var actions = acted.Select(s => new Point(s.Step, s.Action!.Value)).ToArray();
        return new Figure(title,
        [
            new Chart("Reward per step", new Axis("step", steps), new Axis("reward", LinearScale.Covering(rewards.Select(p => p.Y), includeZero: true)),
                [new Bars(rewards, Palette.SeriesColor(0), "reward")]),
            new Chart("Return so far", new Axis("step", steps), new Axis("return", LinearScale.Covering(returns.Select(p => p.Y), includeZero: true)),
                [new Line(returns, Palette.SeriesColor(1), "cumulative return", Width: 2)]),
            new Chart("Action", new Axis("step", steps), new Axis("action", LinearScale.Covering(actions.Select(p => p.Y), includeZero: true, integers: trajectory.Steps.All(IsWhole))),
                [new Line(actions, Palette.SeriesColor(2), "action", Markers: true)]),
        ]);
    }

    private static bool IsWhole(TrajectoryStep step) => step.Action is not { } a || a == Math.Floor(a);
}
