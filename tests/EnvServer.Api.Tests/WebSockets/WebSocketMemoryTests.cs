using System.Net.WebSockets;
using System.Text;
using EnvServer.Api.Tests.Infrastructure;
using EnvServer.Api.Tests.Robustness;
using Xunit.Abstractions;

namespace EnvServer.Api.Tests.WebSockets;

/// <summary>Measures the process's GC heap, so it runs alone: no other test may allocate meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "memory measurement";
}

/// <summary>
/// What a client that never reads its replies can make the server hold (issue 17, defect 1): the issue's
/// reproduction (frames of {"type": "TTT…"} of 15 MiB each, never read; 12 frames rather than 27, as they make the
/// point), by two clients at once, at default settings.
/// </summary>
[Collection(MemoryMeasurement.Name)]
public sealed class WebSocketMemoryTests(ITestOutputHelper output)
{
    private const int MiB = 1024 * 1024;
    private const int FrameBytes = 15 * MiB;
    private const int FramesPerClient = 12;
    private const int Fragment = 64 * 1024;

    /// <summary>
    /// Per connection at most WS_MAX_QUEUED_BYTES + MAX_MESSAGE_BYTES read ahead (17 MiB); large messages being
    /// handled hold at most 3 × MAX_MESSAGE_BYTES each (the message and the JSON parser's pooled index) for the
    /// two connections here: 2 × 17 + 2 × 48 = 130 MiB. Before the fix the two held over 400 MiB.
    /// </summary>
    private const long HeldBound = 130L * MiB;

    /// <summary>
    /// After both left only the runtime's shared array pool may keep the parser's last buffers (one 16 MiB buffer per
    /// large message parsed at once, plus one per thread that returned one): before the fix, every queued message's.
    /// </summary>
    private const long AfterBound = 16L * MiB;

    [Fact]
    public async Task NonReadingClients_LargeErrorFrames_HeldMemoryBoundedAndReturnedAfterDisconnect()
    {
        await using var server = new ServerHost();
        var payload = Encoding.UTF8.GetBytes("{\"type\":\"" + new string('T', FrameBytes - 11) + "\"}");
        await using (var warm = await server.ConnectAsync("/envs/drug-dose/ws"))
        {
            // JIT and the server's first-use allocations happen before the baseline.
            await warm.RequestAsync("{\"type\":\"TTTT\"}");
            await warm.RequestAsync("{\"type\":\"reset\",\"data\":{\"seed\":1}}");
        }

        await Probe.WaitForActiveSessionsAsync(server.Http, 0, TimeSpan.FromSeconds(5));
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        var clients = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var client = new ClientWebSocket();
                await client.ConnectAsync(server.WebSocketUri("/envs/drug-dose/ws"), CancellationToken.None);
                clients.Add(client);
            }

            var sent = await Task.WhenAll(clients.Select(c => SendWithoutReadingAsync(c, payload, TimeSpan.FromSeconds(12))));
            await Task.Delay(500);
            var held = GC.GetTotalMemory(forceFullCollection: true) - baseline;
            output.WriteLine($"frames sent: {string.Join(", ", sent)} of {FramesPerClient}; server-held while connected: {held / (double)MiB:F1} MiB (bound {HeldBound / MiB} MiB)");

            foreach (var client in clients) client.Abort();
            await Probe.WaitForActiveSessionsAsync(server.Http, 0, TimeSpan.FromSeconds(5));
            var after = GC.GetTotalMemory(forceFullCollection: true) - baseline;
            output.WriteLine($"after both disconnected: {after / (double)MiB:F1} MiB (bound {AfterBound / MiB} MiB)");

            Assert.True(held < HeldBound, $"the server held {held / MiB} MiB for two non-reading clients, bound {HeldBound / MiB} MiB");
            Assert.True(after < AfterBound, $"{after / MiB} MiB still held after both clients left, bound {AfterBound / MiB} MiB");
            // Enough frames went out to have filled the old queue several times over.
            Assert.All(sent, count => Assert.True(count >= 4, $"only {count} frames were sent"));
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>Sends the frames in 64 KiB fragments (the client's own buffers stay small); returns how many went out before the deadline.</summary>
    private static async Task<int> SendWithoutReadingAsync(ClientWebSocket client, byte[] payload, TimeSpan deadline)
    {
        using var cancel = new CancellationTokenSource(deadline);
        var frames = 0;
        try
        {
            for (; frames < FramesPerClient; frames++)
            {
                for (var offset = 0; offset < payload.Length; offset += Fragment)
                {
                    var length = Math.Min(Fragment, payload.Length - offset);
                    await client.SendAsync(payload.AsMemory(offset, length), WebSocketMessageType.Text, offset + length == payload.Length, cancel.Token);
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException)
        {
            // The server stopped reading: its queue is full.
        }

        return frames;
    }
}
