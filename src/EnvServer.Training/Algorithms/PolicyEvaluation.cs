using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Algorithms;

/// <summary>Plays a trained agent without learning: the mean action (or most probable one) when deterministic.</summary>
internal static class PolicyEvaluation
{
    /// <returns>The first <paramref name="episodes"/> episodes to end, in the order they ended.</returns>
    public static async Task<IReadOnlyList<EpisodeEnd>> RunAsync(
        ActorCritic agent, EnvironmentVector envs, int episodes, bool deterministic, Random random, CancellationToken ct = default)
    {
        var finished = new List<EpisodeEnd>();
        var logProbScratch = new float[agent.ActionSpace.Size];
        while (finished.Count < episodes)
        {
            var actorOutput = agent.Actor.Forward(agent.Normalize(envs.Observations));
            var actions = new object[envs.Count];
            for (var i = 0; i < envs.Count; i++)
            {
                actions[i] = agent.ActionSpace.ToAction(agent.Act(actorOutput.Row(i), deterministic, random, logProbScratch).Action);
            }

            finished.AddRange((await envs.StepAsync(actions, ct)).Episodes);
        }

        return finished.Take(episodes).ToList();
    }
}
