using System.Buffers;
using System.Net.WebSockets;

namespace EnvServer.Client;

/// <summary>
/// Reads the rest of a message whose first frame header has been seen, reassembling fragments until
/// <c>EndOfMessage</c> into a buffer rented only for the call, so idle sessions hold no receive buffer.
/// </summary>
internal static class FrameReceiver
{
    // Observation replies are a few hundred bytes; larger ones grow the buffer by doubling.
    private const int InitialSize = 4096;

    public static async ValueTask<Reply> ReceiveRestAsync(WebSocket socket, int maxMessageSize, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length) buffer = Grow(buffer, length, maxMessageSize);
                var result = await socket.ReceiveAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) throw ServerClosed(socket);

                length += result.Count;
                if (length > maxMessageSize) throw TooLarge(maxMessageSize);
                if (result.EndOfMessage) return ReplyParser.Parse(buffer.AsMemory(0, length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static WebSocketException ServerClosed(WebSocket socket) =>
        new(WebSocketError.ConnectionClosedPrematurely,
            $"The server closed the connection ({socket.CloseStatus}: {socket.CloseStatusDescription}).");

    private static byte[] Grow(byte[] buffer, int length, int maxMessageSize)
    {
        if (length >= maxMessageSize) throw TooLarge(maxMessageSize);
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxMessageSize));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private static WebSocketException TooLarge(int maxMessageSize) =>
        new(WebSocketError.Faulted, $"A reply exceeded the maximum message size of {maxMessageSize} bytes.");
}
