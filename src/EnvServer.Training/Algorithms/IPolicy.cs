using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Algorithms;

/// <summary>A trained agent as evaluation sees it: the sessions' current observations in, one action per session out.</summary>
internal interface IPolicy
{
    ActionSpace ActionSpace { get; }

    /// <summary>An action per session (a discrete index or a continuous value; only those an action mask allows): the
    /// greedy or mean one when <paramref name="deterministic"/>, else drawn as in training.</summary>
    float[] ChooseActions(EnvironmentVector envs, bool deterministic, Random random);
}
