using System.Text.Json;
using EnvServer.Api.Mcp;
using EnvServer.Api.Protocol;
using EnvServer.Api.Sessions;
using EnvServer.Api.Validation;

namespace EnvServer.Api.WebSockets;

/// <summary>WS /mcp: raw JSON-RPC 2.0 frames against the connection's own session.</summary>
internal sealed class McpFrameHandler(ServedEnvironment served, Session session, McpDispatcher mcp) : IFrameHandler
{
    public async ValueTask<FrameReply> HandleAsync(ReadOnlyMemory<byte> message, Utf8JsonWriter reply)
    {
        session.Touch();
        JsonDocument document;
        try
        {
            document = StrictJson.Parse(message);
        }
        catch (JsonException error)
        {
            ParserBuffers.Reclaim(message.Length);
            McpDispatcher.WriteError(reply, default, JsonRpcError.ParseError, $"Parse error: {Echo.Text(error.Message)}");
            return FrameReply.Send;
        }

        try
        {
            await mcp.HandleAsync(served, document.RootElement, session, reply);
        }
        finally
        {
            document.Dispose();
            ParserBuffers.Reclaim(message.Length);
        }

        return FrameReply.Send;
    }

    public void HandleTooLarge(long length, int limit, Utf8JsonWriter reply) =>
        McpDispatcher.WriteError(reply, default, JsonRpcError.InvalidRequest, $"Invalid Request: message of {length} bytes exceeds the limit of {limit} bytes");

    /// <summary>A JSON-RPC server error carrying the request's id when it has a readable one, so the client can match it.</summary>
    public void HandleRateLimited(ReadOnlyMemory<byte> message, RateLimitRefusal refusal, Utf8JsonWriter reply)
    {
        try
        {
            using var document = StrictJson.Parse(message);
            var id = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var found) ? found : default;
            McpDispatcher.WriteError(reply, id, JsonRpcError.ServerError, refusal.Message);
        }
        catch (JsonException)
        {
            McpDispatcher.WriteError(reply, default, JsonRpcError.ServerError, refusal.Message);
        }
        finally
        {
            ParserBuffers.Reclaim(message.Length);
        }
    }

    public void HandleInternalError(Exception error, Utf8JsonWriter reply) =>
        McpDispatcher.WriteError(reply, default, JsonRpcError.InternalError, $"Internal error: {error.Message}");
}
