using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Algorithms;

/// <summary>A trained agent as evaluation sees it: observations in, one action per observation out.</summary>
internal interface IPolicy
{
    ActionSpace ActionSpace { get; }

    /// <summary>An action per observation (a discrete index or a continuous value): the greedy or mean one when
    /// <paramref name="deterministic"/>, else drawn as in training.</summary>
    float[] ChooseActions(IReadOnlyList<float[]> observations, bool deterministic, Random random);
}
