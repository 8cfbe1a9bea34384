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
        ActorCritic agent, EnvironmentVector envs, int episodes, bool deterministic, Random random, CancellationToken ct = default)
    {
        var finished = new List<EpisodeEnd>();
        var logProbScratch = new float[agent.ActionSpace.Size];
        var layout = agent.ActionSpace.Layout;
        var mask = new bool[layout is null ? 0 : agent.ActionSpace.Size];
        while (finished.Count < episodes)
        {
            var actorOutput = agent.Actor.Forward(agent.Normalize(envs.Observations));
            var actions = new object[envs.Count];
            for (var i = 0; i < envs.Count; i++)
            {
                layout?.ReadMask(envs.RawObservations[i], mask);
                var action = agent.Act(actorOutput.Row(i), deterministic, random, logProbScratch, mask).Action;
                actions[i] = layout is null ? agent.ActionSpace.ToAction(action) : layout.ToAction((int)action, envs.RawObservations[i]);
            }

            finished.AddRange((await envs.StepAsync(actions, ct)).Episodes);
        }

        return finished.Take(episodes).ToList();
    }
}
