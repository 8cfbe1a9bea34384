using System.Text.Json;
using EnvServer.Api.Protocol;
using EnvServer.Api.Validation;

namespace EnvServer.Api.WebSockets;

/// <summary>The reply frames of OpenEnv's /ws protocol.</summary>
internal static class WsFrames
{
    public static void WriteError(Utf8JsonWriter writer, string code, string message, Action<Utf8JsonWriter>? extra = null)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "error");
        writer.WriteStartObject("data");
        writer.WriteString("message", message);
        writer.WriteString("code", code);
        extra?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void WriteValidationError(Utf8JsonWriter writer, IReadOnlyList<ValidationIssue> issues) =>
        WriteError(writer, WsErrorCode.ValidationError, "Invalid message", w => WireWriter.WriteIssues(w, "errors", issues));

    /// <summary>An observation reply, or the matching error frame for a failed command.</summary>
    public static void WriteOutcome(Utf8JsonWriter writer, CommandOutcome outcome)
    {
        if (outcome.Issues is { } issues)
        {
            WriteValidationError(writer, issues);
        }
        else if (outcome.Failure is { } failure)
        {
            WriteError(writer, WsErrorCode.ExecutionError, failure);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteString("type", "observation");
            writer.WritePropertyName("data");
            WireWriter.WriteStepResult(writer, outcome.Result!, outcome.IgnoredResetKeys, sessionId: null);
            writer.WriteEndObject();
        }
    }
}
