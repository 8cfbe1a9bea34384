using System.Text.Json;

namespace EnvServer.Environments.Core;

/// <summary>
/// One episode of an environment's model: what <see cref="EnvironmentBase{TAction}"/> needs from it. Each environment
/// folder implements it once (e.g. HivEpisode); the base does the bookkeeping common to all.
/// </summary>
internal interface IEpisode<in TAction>
{
    /// <summary>The observation after the reset or the last step.</summary>
    IJsonFields Observation { get; }

    /// <summary>The environment's own metadata fields after the reset or the last step.</summary>
    IJsonFields Info { get; }

    /// <summary>The safety cost of the last step: zero on every component after the reset.</summary>
    SafetyCost Cost { get; }

    /// <summary>Advances the model by one step. Throws <see cref="InvalidInputException"/> for an action the model refuses.</summary>
    (double Reward, bool Terminated, bool Truncated) Step(TAction action);

    /// <summary>The episode's grade from its undiscounted return, called once when it ends; clipped by the caller.</summary>
    double Grade(double episodeReturn);

    /// <summary>Environment-specific state fields (hidden variables, patient parameters).</summary>
    void WriteStateFields(Utf8JsonWriter writer);
}
