using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// Plays a trained agent without learning: the mean action (or most probable one) when deterministic; a masked
/// agent chooses among the actions each observation's mask allows.
/// </summary>
internal static class PolicyEvaluation
{
    /// <returns>The first <paramref name="episodes"/> episodes to end, in the order they ended.</returns>
    public static async Task<IReadOnlyList<EpisodeEnd>> RunAsync(
        IPolicy agent, EnvironmentVector envs, int episodes, bool deterministic, Random random, CancellationToken ct = default)
    {
        var finished = new List<EpisodeEnd>();
        while (finished.Count < episodes)
        {
            var actions = agent.ChooseActions(envs, deterministic, random)
                .Select((action, i) => agent.ActionSpace.ToAction(action, envs.RawObservations[i]))
                .ToArray();
            finished.AddRange((await envs.StepAsync(actions, ct)).Episodes);
        }

        return finished.Take(episodes).ToList();
    }
}
