using System.Text.Json;

namespace EnvServer.Environments.Core;

/// <summary>
/// One environment instance: one episode at a time, not thread-safe (the server's session
/// serialises calls). The protocol layer sees only this interface.
/// </summary>
public interface IEnvironment : IDisposable
{
    EnvironmentSpec Spec { get; }

    /// <summary>Starts a new episode. Throws <see cref="InvalidInputException"/> for a bad option.</summary>
    StepResult Reset(ResetOptions options);

    /// <summary>
    /// Advances one step with an action already checked against <see cref="EnvironmentSpec.Action"/>.
    /// Throws <see cref="EpisodeNotStartedException"/>, <see cref="EpisodeOverException"/> or
    /// <see cref="InvalidInputException"/>.
    /// </summary>
    StepResult Step(JsonElement action);

    /// <summary>The full state (OpenEnv's <c>state</c>): episode bookkeeping plus hidden variables.</summary>
    IJsonFields State { get; }
}
