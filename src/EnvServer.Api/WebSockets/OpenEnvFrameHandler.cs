using System.Text.Json;
using EnvServer.Api.Mcp;
using EnvServer.Api.Protocol;
using EnvServer.Api.Sessions;
using EnvServer.Api.Validation;

namespace EnvServer.Api.WebSockets;

/// <summary>
/// OpenEnv's /ws messages (reset, step, state, close, mcp) against the connection's own session.
/// Leniencies, as the protocol notes recommend: <c>data</c> on state and close is accepted and
/// ignored; a JSON value that is not an object gets a VALIDATION_ERROR and keeps the session
/// (the reference closes it with SESSION_ERROR; bad input here never costs a client its session).
/// </summary>
internal sealed class OpenEnvFrameHandler(ServedEnvironment served, Session session, McpDispatcher mcp) : IFrameHandler
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public async ValueTask<FrameReply> HandleAsync(ReadOnlyMemory<byte> message, Utf8JsonWriter reply)
    {
        session.Touch();
        JsonDocument document;
        try
        {
            document = StrictJson.Parse(message, DocumentOptions);
        }
        catch (JsonException error)
        {
            ParserBuffers.Reclaim(message.Length);
            WsFrames.WriteError(reply, WsErrorCode.InvalidJson, $"Invalid JSON: {Echo.Text(error.Message)}");
            return FrameReply.Send;
        }

        try
        {
            return await DispatchAsync(document.RootElement, reply);
        }
        finally
        {
            document.Dispose();
            ParserBuffers.Reclaim(message.Length);
        }
    }

    public void HandleTooLarge(long length, int limit, Utf8JsonWriter reply) =>
        WsFrames.WriteValidationError(reply, [ProtocolIssues.TooLarge(length, limit)]);

    public void HandleRateLimited(ReadOnlyMemory<byte> message, RateLimitRefusal refusal, Utf8JsonWriter reply) =>
        WsFrames.WriteError(reply, WsErrorCode.RateLimited, refusal.Message, w => w.WriteNumber("retry_after_s", refusal.RetryAfter.TotalSeconds));

    public void HandleInternalError(Exception error, Utf8JsonWriter reply) =>
        WsFrames.WriteError(reply, WsErrorCode.ExecutionError, $"Internal error: {error.Message}");

    private async ValueTask<FrameReply> DispatchAsync(JsonElement message, Utf8JsonWriter reply)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            WsFrames.WriteValidationError(reply, [ProtocolIssues.NotAnObject(message, [])]);
            return FrameReply.Send;
        }

        var type = message.TryGetProperty("type", out var typeElement) ? KnownType(typeElement) : null;
        switch (type)
        {
            case "reset":
                if (RejectUnknownKeys(message, reply)) break;
                var kwargs = message.TryGetProperty("data", out var resetData) ? resetData : (JsonElement?)null;
                if (resetData.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
                {
                    WsFrames.WriteValidationError(reply, [ProtocolIssues.NotADict(resetData, ["data"])]);
                    break;
                }

                WsFrames.WriteOutcome(reply, EnvironmentCommands.Reset(served, session.Environment, kwargs));
                break;
            case "step":
                if (RejectUnknownKeys(message, reply) || RequireObjectData(message, reply, out var action)) break;
                WsFrames.WriteOutcome(reply, EnvironmentCommands.Step(served, session.Environment, action));
                break;
            case "state":
                reply.WriteStartObject();
                reply.WriteString("type", "state");
                reply.WritePropertyName("data");
                WireWriter.WriteState(reply, session.Environment);
                reply.WriteEndObject();
                break;
            case "close":
                return FrameReply.Close;
            case "mcp":
                if (RejectUnknownKeys(message, reply) || RequireObjectData(message, reply, out var request)) break;
                reply.WriteStartObject();
                reply.WriteString("type", "mcp");
                reply.WritePropertyName("data");
                await mcp.HandleAsync(served, request, session, reply);
                reply.WriteEndObject();
                break;
            default:
                var shown = typeElement.ValueKind switch
                {
                    JsonValueKind.Undefined or JsonValueKind.Null => "None",
                    JsonValueKind.String => Echo.String(typeElement),
                    _ => Echo.Raw(typeElement),
                };
                WsFrames.WriteError(reply, WsErrorCode.UnknownType, $"Unknown message type: {shown}");
                break;
        }

        return FrameReply.Send;
    }

    /// <summary>The message type when it is one of the protocol's, compared in place: an unknown one may be megabytes long.</summary>
    private static string? KnownType(JsonElement type) =>
        type.ValueKind != JsonValueKind.String ? null : Array.Find(KnownTypes, known => type.ValueEquals(known));

    private static readonly string[] KnownTypes = ["reset", "step", "state", "close", "mcp"];

    /// <summary>Messages are strict, as OpenEnv's extra="forbid" models: only type and data.</summary>
    private static bool RejectUnknownKeys(JsonElement message, Utf8JsonWriter reply)
    {
        List<ValidationIssue>? issues = null;
        foreach (var property in message.EnumerateObject())
        {
            if (property.Name is "type" or "data") continue;
            (issues ??= []).Add(ProtocolIssues.ExtraField(property));
        }

        if (issues is null) return false;
        WsFrames.WriteValidationError(reply, issues);
        return true;
    }

    private static bool RequireObjectData(JsonElement message, Utf8JsonWriter reply, out JsonElement data)
    {
        if (!message.TryGetProperty("data", out data))
        {
            WsFrames.WriteValidationError(reply, [ProtocolIssues.MissingFrom(message, "data")]);
            return true;
        }

        if (data.ValueKind == JsonValueKind.Object) return false;
        WsFrames.WriteValidationError(reply, [ProtocolIssues.NotADict(data, ["data"])]);
        return true;
    }
}
