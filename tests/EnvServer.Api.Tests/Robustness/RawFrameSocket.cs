using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace EnvServer.Api.Tests.Robustness;

/// <summary>
/// A WebSocket client written by hand over a raw <see cref="TcpClient"/>: it performs the upgrade
/// handshake itself and then reads and writes individual frames, so tests can misbehave in ways
/// <see cref="System.Net.WebSockets.ClientWebSocket"/> never would (never read, never answer pings,
/// send unmasked or reserved frames, cut a frame in half).
/// </summary>
internal sealed class RawFrameSocket : IDisposable
{
    public const byte Continuation = 0x0;
    public const byte Text = 0x1;
    public const byte Binary = 0x2;
    public const byte Close = 0x8;
    public const byte Ping = 0x9;
    public const byte Pong = 0xA;

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private byte[] _pending = [];

    private RawFrameSocket(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Connects and upgrades by hand: GET path with the Upgrade headers, then reads the 101 response.</summary>
    public static async Task<RawFrameSocket> ConnectAsync(Uri baseAddress, string path = "/ws")
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var socket = new RawFrameSocket(tcp);
        try
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            var request =
                $"GET {path} HTTP/1.1\r\n" +
                $"Host: {baseAddress.Authority}\r\n" +
                "Upgrade: websocket\r\n" +
                "Connection: Upgrade\r\n" +
                $"Sec-WebSocket-Key: {key}\r\n" +
                "Sec-WebSocket-Version: 13\r\n\r\n";
            await socket._stream.WriteAsync(Encoding.ASCII.GetBytes(request));
            var head = await socket.ReadHandshakeResponseAsync(TimeSpan.FromSeconds(10));
            if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
                throw new InvalidOperationException($"Upgrade refused: {head}");

            var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
            if (!head.Contains($"Sec-WebSocket-Accept: {accept}", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"Bad Sec-WebSocket-Accept in: {head}");
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Writes one frame. Clients must mask; <paramref name="masked"/>: false breaks that rule on purpose.</summary>
    public Task SendFrameAsync(byte opcode, ReadOnlySpan<byte> payload, bool fin = true, bool masked = true, byte rsv = 0) =>
        SendRawAsync(EncodeFrame(opcode, payload, fin, masked, rsv));

    public async Task SendRawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public static byte[] EncodeFrame(byte opcode, ReadOnlySpan<byte> payload, bool fin = true, bool masked = true, byte rsv = 0, ulong? declaredLength = null)
    {
        var length = declaredLength ?? (ulong)payload.Length;
        using var frame = new MemoryStream();
        frame.WriteByte((byte)((fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0xF)));
        var maskBit = masked ? 0x80 : 0;
        if (length < 126)
        {
            frame.WriteByte((byte)(maskBit | (int)length));
        }
        else if (length <= ushort.MaxValue)
        {
            frame.WriteByte((byte)(maskBit | 126));
            Span<byte> extended = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(extended, (ushort)length);
            frame.Write(extended);
        }
        else
        {
            frame.WriteByte((byte)(maskBit | 127));
            Span<byte> extended = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(extended, length);
            frame.Write(extended);
        }

        if (masked)
        {
            var mask = RandomNumberGenerator.GetBytes(4);
            frame.Write(mask);
            var body = payload.ToArray();
            for (var i = 0; i < body.Length; i++) body[i] ^= mask[i % 4];
            frame.Write(body);
        }
        else
        {
            frame.Write(payload);
        }

        return frame.ToArray();
    }

    /// <summary>The next frame from the server, or null when the server closed the TCP connection.</summary>
    public async Task<RawFrame?> ReadFrameAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var header = await ReadExactlyOrEndAsync(2, cancel.Token);
        if (header is null) return null;
        var fin = (header[0] & 0x80) != 0;
        var opcode = (byte)(header[0] & 0x0F);
        var masked = (header[1] & 0x80) != 0;
        long length = header[1] & 0x7F;
        if (length == 126)
        {
            var extended = await ReadExactlyOrEndAsync(2, cancel.Token);
            if (extended is null) return null;
            length = BinaryPrimitives.ReadUInt16BigEndian(extended);
        }
        else if (length == 127)
        {
            var extended = await ReadExactlyOrEndAsync(8, cancel.Token);
            if (extended is null) return null;
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
        }

        byte[]? mask = null;
        if (masked)
        {
            mask = await ReadExactlyOrEndAsync(4, cancel.Token);
            if (mask is null) return null;
        }

        var payload = length == 0 ? [] : await ReadExactlyOrEndAsync((int)length, cancel.Token);
        if (payload is null) return null;
        if (mask is not null)
        {
            for (var i = 0; i < payload.Length; i++) payload[i] ^= mask[i % 4];
        }

        return new RawFrame(opcode, fin, payload);
    }

    /// <summary>
    /// Reads frames until the server sends a close frame or drops the connection, answering nothing.
    /// Returns the close code (null when the connection ended without a close frame).
    /// </summary>
    public async Task<ServerEnding> ReadUntilServerEndsAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var frames = new List<RawFrame>();
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return new ServerEnding(false, null, frames);
            RawFrame? frame;
            try
            {
                frame = await ReadFrameAsync(left);
            }
            catch (OperationCanceledException)
            {
                return new ServerEnding(false, null, frames);
            }
            catch (IOException)
            {
                return new ServerEnding(true, null, frames);
            }

            if (frame is null) return new ServerEnding(true, null, frames);
            frames.Add(frame);
            if (frame.Opcode == Close)
            {
                int? code = frame.Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(frame.Payload) : null;
                return new ServerEnding(true, code, frames);
            }
        }
    }

    private async Task<string> ReadHandshakeResponseAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var received = new List<byte>();
        var buffer = new byte[1024];
        while (true)
        {
            var read = await _stream.ReadAsync(buffer, cancel.Token);
            if (read == 0) throw new IOException("Connection closed during the handshake");
            received.AddRange(buffer.AsSpan(0, read));
            var all = received.ToArray();
            var end = all.AsSpan().IndexOf("\r\n\r\n"u8);
            if (end < 0) continue;
            _pending = all[(end + 4)..];
            return Encoding.ASCII.GetString(all, 0, end);
        }
    }

    private async Task<byte[]?> ReadExactlyOrEndAsync(int count, CancellationToken cancel)
    {
        var result = new byte[count];
        var filled = Math.Min(count, _pending.Length);
        _pending.AsSpan(0, filled).CopyTo(result);
        _pending = _pending[filled..];
        while (filled < count)
        {
            var read = await _stream.ReadAsync(result.AsMemory(filled), cancel);
            if (read == 0) return null;
            filled += read;
        }

        return result;
    }

    /// <summary>Half-closes the connection: the server reads end-of-stream, as when a client dies mid-frame.</summary>
    public void ShutdownSend() => _tcp.Client.Shutdown(SocketShutdown.Send);

    public void Dispose() => _tcp.Dispose();
}

internal sealed record RawFrame(byte Opcode, bool Fin, byte[] Payload);

/// <summary>How the server ended a raw connection: whether it did within the time, and its close code if it sent a close frame.</summary>
internal sealed record ServerEnding(bool Ended, int? CloseCode, IReadOnlyList<RawFrame> Frames);
