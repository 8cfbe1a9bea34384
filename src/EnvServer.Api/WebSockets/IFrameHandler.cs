using System.Text.Json;

namespace EnvServer.Api.WebSockets;

/// <summary>Handles one client message of a WebSocket connection, writing at most one reply.</summary>
internal interface IFrameHandler
{
    ValueTask<FrameReply> HandleAsync(ReadOnlyMemory<byte> message, Utf8JsonWriter reply);

    /// <summary>A message over the size limit: its bytes were discarded, but it still gets its one reply.</summary>
    void HandleTooLarge(long length, int limit, Utf8JsonWriter reply);

    /// <summary>A message over MAX_MESSAGES_PER_SECOND: not run, answered with an error; the session stays open.</summary>
    void HandleRateLimited(ReadOnlyMemory<byte> message, RateLimitRefusal refusal, Utf8JsonWriter reply);

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

/// <summary>Why a message was refused: the limit, and how long the client should wait.</summary>
internal readonly record struct RateLimitRefusal(int PerSecond, TimeSpan RetryAfter)
{
    public string Message =>
        $"Rate limit exceeded: at most {PerSecond} messages per second per connection (MAX_MESSAGES_PER_SECOND). "
        + $"The message was not run and the session stays open: retry after {RetryAfter.TotalSeconds:0.###} s.";
}
