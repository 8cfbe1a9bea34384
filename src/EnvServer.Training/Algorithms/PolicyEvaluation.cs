using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Algorithms;

/// <summary>Plays a trained agent without learning: the mean action (or most probable one) when deterministic.</summary>
internal static class PolicyEvaluation
{
    /// <param name="agent">The policy played.</param>
    /// <param name="envs">Its sessions.</param>
    /// <param name="episodes">Episodes to play.</param>
    /// <param name="deterministic">Play the mode of the policy instead of sampling.</param>
    /// <param name="random">Draws the sampled actions.</param>
    /// <param name="ct">Cancels the play.</param>
    /// <param name="onStep">Sees every step with the actions chosen for it (e.g. to record trajectories). Default none.</param>
    /// <returns>The first <paramref name="episodes"/> episodes to end, in the order they ended.</returns>
    public static async Task<IReadOnlyList<EpisodeEnd>> RunAsync(
        ActorCritic agent, EnvironmentVector envs, int episodes, bool deterministic, Random random, CancellationToken ct = default,
        Action<IReadOnlyList<float>, VectorStep>? onStep = null)
    {
        var finished = new List<EpisodeEnd>();
        var logProbScratch = new float[agent.ActionSpace.Size];
        while (finished.Count < episodes)
        {
            var actorOutput = agent.Actor.Forward(agent.Normalize(envs.Observations));
            var actions = new object[envs.Count];
            var values = new float[envs.Count];
            for (var i = 0; i < envs.Count; i++)
            {
                values[i] = agent.Act(actorOutput.Row(i), deterministic, random, logProbScratch).Action;
                actions[i] = agent.ActionSpace.ToAction(values[i]);
            }

            var step = await envs.StepAsync(actions, ct);
            onStep?.Invoke(values, step);
            finished.AddRange(step.Episodes);
        }

        return finished.Take(episodes).ToList();
    }
}
