using System.Globalization;
using System.Text.Json;
using EnvServer.Training.Plotting;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Reports;

/// <summary>The figure of one evaluated episode: hiv's and drug-dose's clinical views, rewards and return for the rest.</summary>
internal static class TrajectoryFigure
{
    public static Figure For(string environmentId, string task, Trajectory trajectory)
    {
        var grade = trajectory.End.GraderScore is { } score ? $", grader_score {NumberText.Compact(score)}" : "";
        var title = string.Create(CultureInfo.InvariantCulture,
            $"{environmentId} {task}: episode {trajectory.Episode} (seed {trajectory.End.Seed}), return {NumberText.Compact(trajectory.End.Return)}{grade}");
        return environmentId switch
        {
            "hiv" => HivFigure.Build(title, trajectory),
            "drug-dose" => DrugDoseFigure.Build(title, trajectory),
            _ => RewardFigure.Build(title, trajectory),
        };
    }

    /// <summary>A numeric field of an observation, NaN when it is missing or not a number.</summary>
    public static double Number(JsonElement observation, string field) =>
        observation.ValueKind == JsonValueKind.Object && observation.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : double.NaN;

    /// <summary>The steps after the reset: those with an action and a reward.</summary>
    public static IEnumerable<TrajectoryStep> Acted(Trajectory trajectory) => trajectory.Steps.Where(s => s.Action is not null);
}
