using System.Text.Json;

namespace EnvServer.Api.WebSockets;

/// <summary>Handles one client message of a WebSocket connection, writing at most one reply.</summary>
internal interface IFrameHandler
{
    ValueTask<FrameReply> HandleAsync(ReadOnlyMemory<byte> message, Utf8JsonWriter reply);

    /// <summary>A message over the size limit: its bytes were discarded, but it still gets its one reply.</summary>
    void HandleTooLarge(long length, int limit, Utf8JsonWriter reply);

    /// <summary>A bug escaped the handler: reply with an error and keep the connection.</summary>
    void HandleInternalError(Exception error, Utf8JsonWriter reply);
}

internal enum FrameReply
{
    /// <summary>Send what was written.</summary>
    Send,

    /// <summary>The client asked to close: no reply, close the socket.</summary>
    Close,
}
