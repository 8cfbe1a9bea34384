using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;

using EnvServer.Environments.Core;

namespace EnvServer.Api.WebSockets;

/// <summary>
/// Runs one WebSocket connection: a reader that always has a receive posted (so .NET answers the
/// client's pings even while a long step runs: OpenEnv's clients drop the link after 20 s without a
/// pong) feeds a small queue; a processor handles the messages one at a time and sends exactly one
/// reply per message, in order, never an unsolicited frame.
/// </summary>
internal sealed class WebSocketConnection(WebSocket socket, IFrameHandler handler, int maxMessageBytes, ILogger logger)
{
    /// <summary>Messages read ahead of the processor; a client that floods waits on its own socket.</summary>
    private const int QueueLength = 16;

    /// <summary>Receive buffer per connection: most messages fit; larger ones are assembled in pooled buffers.</summary>
    private const int ReceiveBufferBytes = 1024;

    /// <summary>Reads and answers until the client closes, the socket fails, or <paramref name="expired"/> fires.</summary>
    public async Task RunAsync(CancellationToken expired)
    {
        var inbox = Channel.CreateBounded<InboundMessage>(new BoundedChannelOptions(QueueLength)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(expired);
        var receiving = ReceiveAsync(inbox.Writer, stop.Token);
        var closeRequested = await ProcessAsync(inbox.Reader, stop.Token);

        await CloseAsync(expired.IsCancellationRequested && !closeRequested
            ? (WebSocketCloseStatus.EndpointUnavailable, "Session closed after idle timeout")
            : (WebSocketCloseStatus.NormalClosure, null));

        // The reader ends when the peer answers our close frame; a peer that never does is cut off.
        stop.CancelAfter(TimeSpan.FromSeconds(2));
        await receiving;
    }

    private async Task ReceiveAsync(ChannelWriter<InboundMessage> inbox, CancellationToken expired)
    {
        var buffer = new byte[ReceiveBufferBytes];
        byte[]? assembly = null;
        var assembled = 0;
        long length = 0;
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), expired);
                if (received.MessageType == WebSocketMessageType.Close) return;

                length += received.Count;
                if (length <= maxMessageBytes)
                {
                    Append(ref assembly, ref assembled, buffer.AsSpan(0, received.Count));
                }
                else if (assembly is not null)
                {
                    ArrayPool<byte>.Shared.Return(assembly);
                    assembly = null;
                }

                if (!received.EndOfMessage) continue;

                var message = length <= maxMessageBytes
                    ? new InboundMessage(assembly ?? [], assembled, 0)
                    : new InboundMessage(null, 0, length);
                assembly = null;
                assembled = 0;
                length = 0;
                if (!inbox.TryWrite(message)) await inbox.WriteAsync(message, expired);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException or ChannelClosedException)
        {
            // The client went away, the session expired, or the processor stopped: the connection ends.
        }
        finally
        {
            if (assembly is not null) ArrayPool<byte>.Shared.Return(assembly);
            inbox.TryComplete();
        }
    }

    private static void Append(ref byte[]? assembly, ref int assembled, ReadOnlySpan<byte> chunk)
    {
        if (assembly is null || assembled + chunk.Length > assembly.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(assembled + chunk.Length, assembly is null ? chunk.Length : assembly.Length * 2));
            if (assembly is not null)
            {
                assembly.AsSpan(0, assembled).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(assembly);
            }

            assembly = larger;
        }

        chunk.CopyTo(assembly.AsSpan(assembled));
        assembled += chunk.Length;
    }

    /// <returns>Whether the client asked to close.</returns>
    private async Task<bool> ProcessAsync(ChannelReader<InboundMessage> inbox, CancellationToken expired)
    {
        var output = new ArrayBufferWriter<byte>(ReceiveBufferBytes);
        await using var reply = new Utf8JsonWriter(output, WireJson.WriterOptions);
        try
        {
            while (await inbox.WaitToReadAsync(expired))
            {
                while (inbox.TryRead(out var message))
                {
                    output.ResetWrittenCount();
                    reply.Reset(output);
                    FrameReply outcome;
                    try
                    {
                        outcome = await HandleAsync(message, output, reply);
                    }
                    finally
                    {
                        message.Release();
                    }

                    if (outcome == FrameReply.Close) return true;
                    await reply.FlushAsync(expired);
                    await socket.SendAsync(output.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, expired);
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException)
        {
            // Expired, or the client is gone and the reply cannot be delivered.
        }
        finally
        {
            while (inbox.TryRead(out var unprocessed)) unprocessed.Release();
        }

        return false;
    }

    private async ValueTask<FrameReply> HandleAsync(InboundMessage message, ArrayBufferWriter<byte> output, Utf8JsonWriter reply)
    {
        if (message.IsTooLarge)
        {
            handler.HandleTooLarge(message.TooLargeLength, maxMessageBytes, reply);
            return FrameReply.Send;
        }

        try
        {
            return await handler.HandleAsync(message.Memory, reply);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Unexpected error while handling a WebSocket message");
            output.ResetWrittenCount();
            reply.Reset(output);
            handler.HandleInternalError(error, reply);
            return FrameReply.Send;
        }
    }

    private async Task CloseAsync((WebSocketCloseStatus Status, string? Description) close)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseOutputAsync(close.Status, close.Description, timeout.Token);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException)
        {
            // The peer is already gone.
        }
    }
}
