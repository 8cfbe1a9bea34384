using System.Text.Json;
using EnvServer.Environments.Core;
using EnvServer.Environments.Sepsis;
using EnvServer.Environments.Tests.Support;
using static EnvServer.Environments.Tests.Support.EpisodeJson;

namespace EnvServer.Environments.Tests.Sepsis;

/// <summary>Shorthand for driving a sepsis episode and reading its JSON.</summary>
internal static class SepsisRun
{
    public const string FullState = "full_state";
    public const string ObservedState = "observed_state";
    public const string NoisyMonitoring = "noisy_monitoring";

    public static TheoryData<string> AllTasks => new() { FullState, ObservedState, NoisyMonitoring };

    /// <summary>The full state as the environment's state reports it.</summary>
    public static SepsisState TrueState(SepsisEnvironment environment) =>
        SepsisState.FromIndex(State(environment).GetProperty("full_state_index").GetInt32());
}
