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
            McpDispatcher.WriteError(reply, default, JsonRpcError.ParseError, $"Parse error: {error.Message}");
            return FrameReply.Send;
        }

        using (document)
        {
            await mcp.HandleAsync(served, document.RootElement, session, reply);
        }

        return FrameReply.Send;
    }

    public void HandleTooLarge(long length, int limit, Utf8JsonWriter reply) =>
        McpDispatcher.WriteError(reply, default, JsonRpcError.InvalidRequest, $"Invalid Request: message of {length} bytes exceeds the limit of {limit} bytes");

    public void HandleInternalError(Exception error, Utf8JsonWriter reply) =>
        McpDispatcher.WriteError(reply, default, JsonRpcError.InternalError, $"Internal error: {error.Message}");
}
