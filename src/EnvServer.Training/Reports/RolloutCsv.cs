using System.Globalization;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Reports;

/// <summary>
/// Trajectories as one CSV row per step: episode, seed, step, action, reward, return (cumulative), then the
/// observation's own fields (<see cref="JsonColumns"/>). Step 0 is the reset observation, with no action or reward.
/// </summary>
internal static class RolloutCsv
{
    private static readonly string[] StepColumns = ["episode", "seed", "step", "action", "reward", "return"];

    /// <summary>Learner encodings of fields the row already has.</summary>
    private static readonly string[] Encodings = ["features", "log_state"];

    public static void Write(TextWriter output, IReadOnlyList<Trajectory> trajectories)
    {
        var columns = JsonColumns.Of(trajectories.SelectMany(t => t.Steps).Select(s => s.Observation), StepColumns.Concat(Encodings).ToHashSet());
        output.WriteLine(string.Join(',', StepColumns.Concat(columns.Names)));
        foreach (var trajectory in trajectories)
        {
            foreach (var step in trajectory.Steps)
            {
                var row = string.Create(CultureInfo.InvariantCulture,
                    $"{trajectory.Episode},{trajectory.End.Seed},{step.Step},{step.Action:R},{step.Reward:R},{step.Return:R}");
                output.WriteLine(string.Join(',', [row, .. columns.Cells(step.Observation)]));
            }
        }
    }
}
