using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Features;

namespace EnvServer.Api.WebSockets;

/// <summary>
/// A WebSocket that ends without a completed close handshake (a text frame with invalid UTF-8: .NET sends close 1007,
/// then aborts) used to be cut with the client's further frames still unread, and a TCP connection closed with unread
/// data is reset: the reset reached most clients before the close frame, which they then never saw (12 % got the 1007
/// the docs promise). Now the server first reads and discards what the client still sends, until the client closes
/// or <see cref="Linger"/> passes, so the close frame is delivered before the connection ends.
/// </summary>
internal static class LingeringClose
{
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(2);

    /// <summary>Call before UseWebSockets, which takes the upgrade feature when a request arrives.</summary>
    public static WebApplication UseUpgradeCapture(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
                context.Features.Set<IHttpUpgradeFeature>(new CapturedUpgrade(upgrade));
            return next(context);
        });
        return app;
    }

    /// <summary>Call after UseWebSockets: lingers on a WebSocket that did not close cleanly.</summary>
    public static WebApplication UseLingeringClose(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<IHttpUpgradeFeature>() is not CapturedUpgrade upgrade || context.Features.Get<IHttpWebSocketFeature>() is not { } sockets)
            {
                await next(context);
                return;
            }

            var watched = new WatchedSockets(sockets);
            context.Features.Set<IHttpWebSocketFeature>(watched);
            await next(context);
            if (upgrade.Raw is { } raw && watched.Socket is { State: not WebSocketState.Closed }) await DrainAsync(raw);
        });
        return app;
    }

    private static async Task DrainAsync(Stream raw)
    {
        using var timeout = new CancellationTokenSource(Linger);
        var buffer = new byte[4096];
        try
        {
            while (await raw.ReadAsync(buffer, timeout.Token) > 0)
            {
                // Discarded: the connection is over; only its close frame still has to arrive.
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client did not close in time, or is already gone.
        }
    }

    private sealed class CapturedUpgrade(IHttpUpgradeFeature inner) : IHttpUpgradeFeature
    {
        public Stream? Raw { get; private set; }

        public bool IsUpgradableRequest => inner.IsUpgradableRequest;

        public async Task<Stream> UpgradeAsync()
        {
            Raw = await inner.UpgradeAsync();
            return new UndisposedStream(Raw);
        }
    }

    private sealed class WatchedSockets(IHttpWebSocketFeature inner) : IHttpWebSocketFeature
    {
        public WebSocket? Socket { get; private set; }

        public bool IsWebSocketRequest => inner.IsWebSocketRequest;

        public async Task<WebSocket> AcceptAsync(WebSocketAcceptContext context) => Socket = await inner.AcceptAsync(context);
    }

    /// <summary>The upgraded stream as the WebSocket sees it: its abort must not end the connection before the linger.</summary>
    private sealed class UndisposedStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
