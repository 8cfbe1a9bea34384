using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using EnvServer.Api.Limits;
using EnvServer.Environments.Core;

namespace EnvServer.Api.WebSockets;

/// <summary>
/// Runs one WebSocket connection: a reader that always has a receive posted (so .NET answers the
/// client's pings even while a long step runs: OpenEnv's clients drop the link after 20 s without a
/// pong) feeds a small queue; a processor handles the messages one at a time and sends exactly one
/// reply per message, in order, never an unsolicited frame. What the connection holds is bounded by
/// <see cref="WebSocketLimits"/>: the message being answered, the read-ahead queue, one message being received,
/// and one reply, whose echoes of client text are cut (<see cref="Validation.Echo"/>).
/// </summary>
internal sealed class WebSocketConnection(WebSocket socket, IFrameHandler handler, WebSocketLimits limits, ConnectionRateLimiter rate, ILogger logger)
{
    /// <summary>Messages read ahead of the processor, at most; <see cref="WebSocketLimits.MaxQueuedBytes"/> bounds their bytes.</summary>
    private const int QueueLength = 16;

    /// <summary>Pooled receive buffer of one read: most messages fit; larger ones are assembled in pooled buffers.</summary>
    private const int ReceiveChunkBytes = 4096;

    /// <summary>Time the client has to answer our close frame before the socket is aborted.</summary>
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    private readonly Channel<InboundMessage> _inbox = Channel.CreateBounded<InboundMessage>(new BoundedChannelOptions(QueueLength)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Signalled when the queue drops below its byte budget; the reader waits on it past the budget.</summary>
    private readonly SemaphoreSlim _drained = new(0);

    private volatile string? _closeReason;

    private long _queuedBytes;

    private int MaxMessageBytes => limits.MaxMessageBytes;

    /// <summary>
    /// Ends the connection from the server's side (idle timeout, shutdown): messages already queued
    /// are answered, then the server closes with 1001 and <paramref name="reason"/>. The pending
    /// receive is left alone, since cancelling it would abort the socket and the client would see a
    /// reset instead of a close frame.
    /// </summary>
    public void RequestClose(string reason)
    {
        _closeReason = reason;
        _inbox.Writer.TryComplete();
    }

    /// <summary>Reads and answers until the client closes, the socket fails, or <see cref="RequestClose"/> is called.</summary>
    public async Task RunAsync()
    {
        var receiving = ReceiveAsync(_inbox.Writer);
        var closeRequested = await ProcessAsync(_inbox.Reader);

        await CloseAsync(_closeReason is { } reason && !closeRequested
            ? (WebSocketCloseStatus.EndpointUnavailable, reason)
            : (WebSocketCloseStatus.NormalClosure, null));

        // The reader ends when the peer answers our close frame; a peer that never does is cut off.
        if (await Task.WhenAny(receiving, Task.Delay(CloseHandshakeTimeout)) != receiving) socket.Abort();
        await receiving;
        _drained.Dispose();
    }

    private async Task ReceiveAsync(ChannelWriter<InboundMessage> inbox)
    {
        try
        {
            while (true)
            {
                // An idle connection waits with a zero-byte receive: it holds no buffer, and pings are still answered.
                var next = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                if (next.MessageType == WebSocketMessageType.Close) return;

                if (await ReceiveMessageAsync(next) is not { } message) return;
                Interlocked.Add(ref _queuedBytes, message.HeldBytes);
                if (!inbox.TryWrite(message)) await inbox.WriteAsync(message);

                // Past the budget, read no more until the processor catches up: the client's sends then wait
                // in its own socket, and a client that never reads its replies holds no more than this here. The
                // processor empties the queue whenever it ends, so this wait always ends too.
                while (Interlocked.Read(ref _queuedBytes) >= limits.MaxQueuedBytes) await _drained.WaitAsync();
            }
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException or ChannelClosedException)
        {
            // The client went away, or the processor stopped and the close handshake timed out: the connection ends.
        }
        finally
        {
            inbox.TryComplete();
        }
    }

    /// <summary>Reads the message whose first frame has arrived; null when the client closes instead.</summary>
    private async ValueTask<InboundMessage?> ReceiveMessageAsync(ValueWebSocketReceiveResult first)
    {
        byte[]? chunk = MessageBuffers.Rent(ReceiveChunkBytes);
        byte[]? assembly = null;
        var assembled = 0;
        long length = 0;
        try
        {
            var received = first;
            while (!received.EndOfMessage)
            {
                received = await socket.ReceiveAsync(chunk.AsMemory(), CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close) return null;

                length += received.Count;
                if (assembly is null && length == received.Count && received.EndOfMessage && length <= MaxMessageBytes)
                {
                    // The usual case, a message in one read: the chunk itself becomes the message.
                    (var whole, chunk) = (chunk, null);
                    return new InboundMessage(whole, received.Count, 0);
                }

                if (length <= MaxMessageBytes)
                {
                    Append(ref assembly, ref assembled, chunk.AsSpan(0, received.Count));
                }
                else if (assembly is not null)
                {
                    MessageBuffers.Return(assembly);
                    assembly = null;
                }
            }

            if (length > MaxMessageBytes) return new InboundMessage(null, 0, length);
            (var message, assembly) = (assembly ?? [], null);
            return new InboundMessage(message, assembled, 0);
        }
        finally
        {
            if (chunk is not null) MessageBuffers.Return(chunk);
            if (assembly is not null) MessageBuffers.Return(assembly);
        }
    }

    private static void Append(ref byte[]? assembly, ref int assembled, ReadOnlySpan<byte> chunk)
    {
        if (assembly is null || assembled + chunk.Length > assembly.Length)
        {
            var larger = MessageBuffers.Rent(Math.Max(assembled + chunk.Length, assembly is null ? chunk.Length : assembly.Length * 2));
            if (assembly is not null)
            {
                assembly.AsSpan(0, assembled).CopyTo(larger);
                MessageBuffers.Return(assembly);
            }

            assembly = larger;
        }

        chunk.CopyTo(assembly.AsSpan(assembled));
        assembled += chunk.Length;
    }

    /// <returns>Whether the client asked to close.</returns>
    private async Task<bool> ProcessAsync(ChannelReader<InboundMessage> inbox)
    {
        try
        {
            while (await inbox.WaitToReadAsync())
            {
                var reply = ReplyBuffer.Pool.Get();
                try
                {
                    while (inbox.TryRead(out var message))
                    {
                        reply.Clear();
                        FrameReply outcome;
                        try
                        {
                            outcome = await HandleAsync(message, reply);
                        }
                        finally
                        {
                            Dequeued(message);
                        }

                        if (outcome == FrameReply.Close) return true;
                        reply.Writer.Flush();
                        await socket.SendAsync(reply.Written, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                    }
                }
                finally
                {
                    ReplyBuffer.Pool.Return(reply);
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException)
        {
            // Expired, or the client is gone and the reply cannot be delivered.
        }
        finally
        {
            while (inbox.TryRead(out var unprocessed)) Dequeued(unprocessed);
        }

        return false;
    }

    /// <summary>Frees a message's buffer and its share of the budget, waking the reader when the queue falls below it.</summary>
    private void Dequeued(InboundMessage message)
    {
        message.Release();
        var held = message.HeldBytes;
        var after = Interlocked.Add(ref _queuedBytes, -held);
        if (after < limits.MaxQueuedBytes && after + held >= limits.MaxQueuedBytes) _drained.Release();
    }

    private async ValueTask<FrameReply> HandleAsync(InboundMessage message, ReplyBuffer reply)
    {
        if (message.IsTooLarge)
        {
            handler.HandleTooLarge(message.TooLargeLength, MaxMessageBytes, reply.Writer);
            return FrameReply.Send;
        }

        if (rate.TryAcquire() is { } retryAfter)
        {
            handler.HandleRateLimited(message.Memory, new RateLimitRefusal(rate.PerSecond, retryAfter), reply.Writer);
            return FrameReply.Send;
        }

        try
        {
            using var slot = await limits.LargeInputs.EnterAsync(message.Length, CancellationToken.None);
            return await handler.HandleAsync(message.Memory, reply.Writer);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Unexpected error while handling a WebSocket message");
            reply.Clear();
            handler.HandleInternalError(error, reply.Writer);
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
