using System.Text.Json;
using EnvServer.Api.Validation;
using EnvServer.Environments.Core;

namespace EnvServer.Api.Protocol;

/// <summary>
/// The JSON bodies shared by HTTP and WebSocket replies. The observation envelope follows
/// OpenEnv's serialize_observation: reward and done beside the observation (reward always present),
/// plus the top-level metadata of OpenEnv PR #805.
/// </summary>
internal static class WireWriter
{
    /// <summary><c>{"observation":{...,"terminated","truncated"},"reward","done","metadata":{...}}</c></summary>
    public static void WriteStepResult(Utf8JsonWriter writer, StepResult result, IReadOnlyList<string> ignoredResetKeys, string? sessionId)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("observation");
        result.Observation.WriteFields(writer);
        writer.WriteBoolean("terminated", result.Terminated);
        writer.WriteBoolean("truncated", result.Truncated);
        writer.WriteEndObject();
        writer.WriteFloat("reward", result.Reward);
        writer.WriteBoolean("done", result.Done);
        writer.WriteStartObject("metadata");
        result.Metadata.WriteFields(writer);
        if (sessionId is not null) writer.WriteString("session_id", sessionId);
        if (ignoredResetKeys.Count > 0)
        {
            writer.WriteStartArray("ignored_reset_keys");
            foreach (var key in ignoredResetKeys) writer.WriteStringValue(key);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void WriteState(Utf8JsonWriter writer, IEnvironment environment)
    {
        writer.WriteStartObject();
        environment.State.WriteFields(writer);
        writer.WriteEndObject();
    }

    public static void WriteIssues(Utf8JsonWriter writer, string propertyName, IReadOnlyList<ValidationIssue> issues)
    {
        writer.WriteStartArray(propertyName);
        foreach (var issue in issues) issue.Write(writer);
        writer.WriteEndArray();
    }
}
