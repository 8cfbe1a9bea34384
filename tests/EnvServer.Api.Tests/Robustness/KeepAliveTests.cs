using System.Diagnostics;
using System.Net.WebSockets;
using EnvServer.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EnvServer.Api.Tests.Robustness;

/// <summary>
/// WS_KEEPALIVE_INTERVAL = WS_KEEPALIVE_TIMEOUT = 0.5 s. .NET's server WebSocket then pings a
/// connection that has been quiet for 0.5 s and aborts it when no pong arrives within 0.5 s
/// (ManagedWebSocket.KeepAlive: the heartbeat ticks every min(interval, timeout) / 4), so a
/// half-open peer is gone about 1 to 1.2 s after its last frame. The pong is only read while a
/// receive is posted, which WebSocketConnection always has.
/// </summary>
public sealed class KeepAliveTests(ITestOutputHelper output)
{
    private static ServerHost StartServer() => new(new Dictionary<string, string>
    {
        ["WS_KEEPALIVE_INTERVAL"] = "0.5",
        ["WS_KEEPALIVE_TIMEOUT"] = "0.5",
    });

    [Fact]
    public async Task HalfOpenSocket_NeverAnsweringPings_IsDroppedWhileAnsweringClientsStay()
    {
        await using var server = StartServer();
        var normal = await Probe.ConnectAsync(server.WebSocketUri());
        using var halfOpen = await RawFrameSocket.ConnectAsync(server.BaseAddress);
        using var answering = await RawFrameSocket.ConnectAsync(server.BaseAddress);
        try
        {
            // The normal client waits for a frame as real clients do, so .NET answers the server's pings;
            // the hand-written one answers them itself; the half-open one never reads at all.
            var normalReceive = Probe.ReceiveAsync(normal, TimeSpan.FromSeconds(30));
            using var stopAnswering = new CancellationTokenSource();
            var answered = AnswerPingsAsync(answering, stopAnswering.Token);
            await Probe.WaitForActiveSessionsAsync(server.Http, 3, TimeSpan.FromSeconds(5));
            var clock = Stopwatch.StartNew();

            var droppedAfter = await Probe.WaitForActiveSessionsAsync(server.Http, 2, TimeSpan.FromSeconds(5));
            output.WriteLine($"Half-open session dropped after {droppedAfter.TotalSeconds:F2} s");

            // The one dropped is the half-open one: the server ended its TCP connection (after the unread pings).
            var ending = await halfOpen.ReadUntilServerEndsAsync(TimeSpan.FromSeconds(2));
            Assert.True(ending.Ended, "the half-open connection is still open");
            Assert.All(ending.Frames, f => Assert.True(f.Opcode is RawFrameSocket.Ping or RawFrameSocket.Close, $"unexpected frame {f.Opcode}"));

            // The others have been idle at least as long; one more second (two intervals) and they are still there.
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(2, await Probe.ActiveSessionsAsync(server.Http));
            Assert.False(normalReceive.IsCompleted, "the server sent the idle client an unsolicited frame");
            await stopAnswering.CancelAsync();
            var pings = await answered;
            output.WriteLine($"The hand-written client answered {pings} pings in {clock.Elapsed.TotalSeconds:F2} s");
            Assert.True(pings >= 2, $"only {pings} pings were seen; the keep-alive is not running");

            // Both idle sessions still work: the pending receive gets exactly the reply to this request.
            await Probe.SendTextAsync(normal, EpisodeScript.StateMessage);
            Assert.Contains("\"type\":\"state\"", (await normalReceive).Text);
            await answering.SendFrameAsync(RawFrameSocket.Text, """{"type":"state"}"""u8);
            var reply = await ReadDataFrameAsync(answering);
            Assert.Contains("\"type\":\"state\"", System.Text.Encoding.UTF8.GetString(reply.Payload));
        }
        finally
        {
            normal.Abort();
            normal.Dispose();
        }
    }

    /// <summary>Answers each ping with a pong of the same payload until cancelled; returns how many pings came.</summary>
    private static async Task<int> AnswerPingsAsync(RawFrameSocket socket, CancellationToken stop)
    {
        var pings = 0;
        while (!stop.IsCancellationRequested)
        {
            RawFrame? frame;
            try
            {
                frame = await socket.ReadFrameAsync(TimeSpan.FromMilliseconds(100));
            }
            catch (OperationCanceledException)
            {
                continue;
            }

            if (frame is null) return pings;
            if (frame.Opcode != RawFrameSocket.Ping) throw new InvalidOperationException($"unexpected frame {frame.Opcode} while idle");
            pings++;
            await socket.SendFrameAsync(RawFrameSocket.Pong, frame.Payload);
        }

        return pings;
    }

    private static async Task<RawFrame> ReadDataFrameAsync(RawFrameSocket socket)
    {
        while (true)
        {
            var frame = await socket.ReadFrameAsync(TimeSpan.FromSeconds(5)) ?? throw new InvalidOperationException("connection closed");
            if (frame.Opcode == RawFrameSocket.Ping) await socket.SendFrameAsync(RawFrameSocket.Pong, frame.Payload);
            else return frame;
        }
    }
}
