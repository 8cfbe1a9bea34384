using System.Collections.Frozen;
using System.Text.Json;

namespace EnvServer.Environments.Core;

/// <summary>
/// What a reset may carry: the OpenEnv keys (seed, episode_id), the task, and the environment's
/// own options, already checked against <see cref="EnvironmentSpec.ResetOptions"/>.
/// </summary>
public sealed record ResetOptions
{
    public static readonly ResetOptions Default = new();

    /// <summary>Seed of the episode's random generator; null draws a fresh one (reported in metadata).</summary>
    public long? Seed { get; init; }

    /// <summary>Caller's episode id; null makes a new GUID.</summary>
    public string? EpisodeId { get; init; }

    /// <summary>Task id; null means the environment's default task.</summary>
    public string? TaskId { get; init; }

    /// <summary>Environment-specific options by wire name. Values must outlive the request (cloned).</summary>
    public IReadOnlyDictionary<string, JsonElement> Options { get; init; } = FrozenDictionary<string, JsonElement>.Empty;

    public double? GetDouble(string name) =>
        Options.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    public int? GetInt32(string name) =>
        Options.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number ? (int)value.GetDouble() : null;

    public bool? GetBoolean(string name) =>
        Options.TryGetValue(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    public string? GetString(string name) =>
        Options.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
