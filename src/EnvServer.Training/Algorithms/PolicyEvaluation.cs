using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// Plays a trained agent without learning: the mean action (or most probable one) when deterministic; a masked
/// agent chooses among the actions each observation's mask allows.
/// </summary>
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
        IPolicy agent, EnvironmentVector envs, int episodes, bool deterministic, Random random, CancellationToken ct = default,
        Action<IReadOnlyList<float>, VectorStep>? onStep = null)
    {
        var finished = new List<EpisodeEnd>();
        while (finished.Count < episodes)
        {
            var values = agent.ChooseActions(envs, deterministic, random);
            var actions = values.Select((action, i) => agent.ActionSpace.ToAction(action, envs.RawObservations[i])).ToArray();
            var step = await envs.StepAsync(actions, ct);
            onStep?.Invoke(values, step);
            finished.AddRange(step.Episodes);
        }

        return finished.Take(episodes).ToList();
    }
}
