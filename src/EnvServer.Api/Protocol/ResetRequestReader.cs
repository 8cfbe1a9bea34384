using System.Text.Json;
using EnvServer.Api.Validation;
using EnvServer.Environments.Core;

namespace EnvServer.Api.Protocol;

/// <summary>
/// Turns reset kwargs into <see cref="ResetOptions"/>. Known keys are validated; unknown keys are
/// ignored as OpenEnv does (TRL passes dataset columns through) but returned so that a typo shows
/// up in the observation metadata as <c>ignored_reset_keys</c>.
/// </summary>
internal static class ResetRequestReader
{
    public static ResetReading Read(ServedEnvironment environment, JsonElement? data)
    {
        if (data is not { ValueKind: JsonValueKind.Object } given)
        {
            return data is null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }
                ? new ResetReading(ResetOptions.Default, [], [])
                : new ResetReading(ResetOptions.Default, [], environment.ResetValidator.Check(data.Value));
        }

        var issues = environment.ResetValidator.Check(given, out var kwargs);
        if (issues.Count > 0) return new ResetReading(ResetOptions.Default, [], issues);

        long? seed = null;
        string? episodeId = null, taskId = null;
        var options = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var ignored = new List<string>();
        foreach (var property in kwargs.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "seed":
                    seed = value.ValueKind == JsonValueKind.Null ? null : value.TryGetInt64(out var s) ? s : (long)value.GetDouble();
                    break;
                case "episode_id":
                    episodeId = value.GetString();
                    break;
                case "task_id":
                    taskId = value.GetString();
                    break;
                default:
                    if (environment.ResetSchema.Find(property.Name) is null) ignored.Add(property.Name);
                    else if (value.ValueKind != JsonValueKind.Null) options[property.Name] = value.Clone();
                    break;
            }
        }

        var reset = new ResetOptions { Seed = seed, EpisodeId = episodeId, TaskId = taskId, Options = options };
        return new ResetReading(reset, ignored, []);
    }
}

/// <summary>Reset options, the keys that were ignored, or the validation errors.</summary>
internal sealed record ResetReading(ResetOptions Options, IReadOnlyList<string> IgnoredKeys, IReadOnlyList<ValidationIssue> Issues);
