using System.Text.Json;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Tests.Reports;

/// <summary>Trajectories built from given observations, actions and rewards, for report tests without a server.</summary>
internal static class SyntheticTrajectory
{
    /// <param name="observations">JSON of the reset observation then one per action.</param>
    /// <param name="actions">One per step.</param>
    /// <param name="rewards">One per step.</param>
    /// <param name="metadata">The final metadata.</param>
    public static Trajectory Build(IReadOnlyList<string> observations, IReadOnlyList<float> actions, IReadOnlyList<double> rewards, string metadata = """{"seed":7}""")
    {
        var steps = new List<TrajectoryStep> { new(0, null, null, 0, JsonElement.Parse(observations[0])) };
        for (var t = 1; t < observations.Count; t++)
        {
            steps.Add(new TrajectoryStep(t, actions[t - 1], rewards[t - 1], steps[^1].Return + rewards[t - 1], JsonElement.Parse(observations[t])));
        }

        return new Trajectory(0, steps, new EpisodeEnd(0, steps[^1].Return, actions.Count, JsonElement.Parse(metadata)));
    }

    /// <summary>An hiv episode whose CD4 and viral load follow simple curves under the given treatments.</summary>
    public static Trajectory Hiv(IReadOnlyList<int> actions)
    {
        var observations = Enumerable.Range(0, actions.Count + 1)
            .Select(t => $$"""{"state":[{{1e5 + t}},1,2,3,{{1e4 * (t + 1)}},5],"cd4":{{1e5 + t + 1}},"viral_load":{{1e4 * (t + 1)}},"action":{{(t == 0 ? 0 : actions[t - 1])}},"features":[1,2]}""")
            .ToArray();
        return Build(observations, [.. actions.Select(a => (float)a)], [.. actions.Select(_ => 1e6)], """{"seed":1000,"grader_score":0.5}""");
    }
}
