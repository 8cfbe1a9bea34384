using System.Text.Json;
using EnvServer.Environments.Core;

namespace EnvServer.Environments.Tests.Support;

/// <summary>Reset options and the JSON an environment writes, for tests of every environment.</summary>
internal static class EpisodeJson
{
    /// <summary>Reset options with a fixed episode id, so runs compare byte for byte.</summary>
    public static ResetOptions Options(string? taskId = null, long seed = 1, params (string Name, object? Value)[] options) => new()
    {
        TaskId = taskId,
        Seed = seed,
        EpisodeId = "episode",
        Options = options.ToDictionary(o => o.Name, o => JsonText.Value(o.Value)),
    };

    public static JsonElement Observation(StepResult result) => JsonText.Parse(result.Observation);

    public static JsonElement Metadata(StepResult result) => JsonText.Parse(result.Metadata);

    public static JsonElement State(IEnvironment environment) => JsonText.Parse(environment.State);
}
