using System.Text.Json;
using EnvServer.Environments.Core;
using EnvServer.Environments.Sepsis;
using EnvServer.Environments.Tests.Support;

namespace EnvServer.Environments.Tests.Sepsis;

/// <summary>Shorthand for driving a sepsis episode and reading its JSON.</summary>
internal static class SepsisRun
{
    public const string FullState = "full_state";
    public const string ObservedState = "observed_state";
    public const string NoisyMonitoring = "noisy_monitoring";

    public static TheoryData<string> AllTasks => new() { FullState, ObservedState, NoisyMonitoring };

    public static ResetOptions Options(string? taskId = null, long seed = 1, params (string Name, object Value)[] options) => new()
    {
        TaskId = taskId,
        Seed = seed,
        EpisodeId = "episode",
        Options = options.ToDictionary(o => o.Name, o => JsonText.Value(o.Value)),
    };

    public static JsonElement Observation(StepResult result) => JsonText.Parse(result.Observation);

    public static JsonElement Metadata(StepResult result) => JsonText.Parse(result.Metadata);

    public static JsonElement State(SepsisEnvironment environment) => JsonText.Parse(environment.State);

    /// <summary>The full state as the environment's state reports it.</summary>
    public static SepsisState TrueState(SepsisEnvironment environment) =>
        SepsisState.FromIndex(State(environment).GetProperty("full_state_index").GetInt32());
}
