namespace EnvServer.Environments.Core;

/// <summary>
/// What reset and step return, Gymnasium-shaped: observation, reward, terminated, truncated, info
/// (here <see cref="Metadata"/>, OpenEnv's name for it). OpenEnv's <c>done</c> is either flag.
/// </summary>
public sealed record StepResult(IJsonFields Observation, double? Reward, bool Terminated, bool Truncated, IJsonFields Metadata)
{
    public bool Done => Terminated || Truncated;
}
