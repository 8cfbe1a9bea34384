using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.WebSockets;

/// <summary>
/// Frame-level rules of /ws (spec §2 and §9): exactly one reply per request, in order, never an
/// unsolicited frame; fragmented messages are reassembled; \uXXXX escapes are read.
/// </summary>
public sealed class WebSocketFramingTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    [Fact]
    public async Task Pipeline_FiftyRequestsWithoutAwaiting_OneReplyEachInOrder()
    {
        await using var socket = await server.Host.ConnectAsync();

        await socket.SendTextAsync("""{"type":"reset","data":{"seed":8}}""");
        for (var i = 1; i < 50; i++) await socket.SendTextAsync("""{"type":"step","data":{"dose":0.1}}""");

        var reset = WireAssert.ObservationFrame(await socket.ReceiveJsonAsync());
        Assert.Equal(0, reset.GetProperty("metadata").GetProperty("step_count").GetInt32());
        for (var i = 1; i < 50; i++)
        {
            var step = WireAssert.ObservationFrame(await socket.ReceiveJsonAsync());
            Assert.Equal(i, step.GetProperty("metadata").GetProperty("step_count").GetInt32());
        }

        // Nothing else was queued: the next frame is the reply to the next request.
        var state = WireAssert.StateFrame(await socket.RequestAsync("""{"type":"state"}"""));
        Assert.Equal(49, state.GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task Pipeline_MixedRequestsAndErrors_RepliesMatchRequestsOneToOne()
    {
        await using var socket = await server.Host.ConnectAsync();
        var expected = new List<(string Kind, int StepCount)>();
        var steps = 0;

        await socket.SendTextAsync("""{"type":"reset","data":{"seed":8}}""");
        expected.Add(("observation", 0));
        for (var i = 1; i < 50; i++)
        {
            if (i % 7 == 0)
            {
                await socket.SendTextAsync("""{"type":"state"}""");
                expected.Add(("state", steps));
            }
            else if (i % 11 == 0)
            {
                await socket.SendTextAsync("{broken");
                expected.Add(("INVALID_JSON", -1));
            }
            else if (i % 13 == 0)
            {
                await socket.SendTextAsync("""{"type":"step","data":{"dose":1,"extra":true}}""");
                expected.Add(("VALIDATION_ERROR", -1));
            }
            else
            {
                await socket.SendTextAsync("""{"type":"step","data":{"dose":0.1}}""");
                expected.Add(("observation", ++steps));
            }
        }

        foreach (var (kind, stepCount) in expected)
        {
            var frame = await socket.ReceiveJsonAsync();
            switch (kind)
            {
                case "observation":
                    Assert.Equal(stepCount, WireAssert.ObservationFrame(frame).GetProperty("metadata").GetProperty("step_count").GetInt32());
                    break;
                case "state":
                    Assert.Equal(stepCount, WireAssert.StateFrame(frame).GetProperty("step_count").GetInt32());
                    break;
                default:
                    WireAssert.ErrorFrame(frame, kind);
                    break;
            }
        }

        var state = WireAssert.StateFrame(await socket.RequestAsync("""{"type":"state"}"""));
        Assert.Equal(steps, state.GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task Connect_WithoutRequest_ServerSendsNothing()
    {
        await using var socket = await server.Host.ConnectAsync();
        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var buffer = new byte[1024];

        var receive = socket.Socket.ReceiveAsync(buffer, quiet.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive);
    }

    [Fact]
    public async Task Reset_SentAsSeveralFragments_IsReassembled()
    {
        await using var socket = await server.Host.ConnectAsync();
        // "é" and "💊" are multi-byte in UTF-8; 3-byte fragments split them across frames.
        var bytes = Encoding.UTF8.GetBytes("""{"type":"reset","data":{"seed":3,"episode_id":"fragmenté 💊"}}""");

        for (var offset = 0; offset < bytes.Length; offset += 3)
        {
            var count = Math.Min(3, bytes.Length - offset);
            await socket.Socket.SendAsync(bytes.AsMemory(offset, count), WebSocketMessageType.Text, endOfMessage: offset + count == bytes.Length, CancellationToken.None);
        }

        var data = WireAssert.ObservationFrame(await socket.ReceiveJsonAsync());
        Assert.Equal("fragmenté 💊", data.GetProperty("metadata").GetProperty("episode_id").GetString());
        Assert.Equal(3, data.GetProperty("metadata").GetProperty("seed").GetInt64());
    }

    [Fact]
    public async Task Step_SentAsTwoFragmentsAfterWholeMessage_BothAnsweredInOrder()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.SendTextAsync("""{"type":"reset","data":{"seed":3}}""");
        await socket.Socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"step","""), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await socket.Socket.SendAsync(Encoding.UTF8.GetBytes(""" "data":{"dose":0.75}}"""), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

        WireAssert.ObservationFrame(await socket.ReceiveJsonAsync());
        var step = WireAssert.ObservationFrame(await socket.ReceiveJsonAsync());

        Assert.Equal(0.75, step.GetProperty("observation").GetProperty("dose").GetDouble());
    }

    [Fact]
    public async Task Step_LargeMessage_IsReassembledAndAnswered()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset","data":{"seed":3}}""");
        var note = new string('x', 300_000);

        var step = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":0.5,"metadata":{"note":""" + $"\"{note}\"" + "}}}"));

        Assert.Equal(0.5, step.GetProperty("observation").GetProperty("dose").GetDouble());
    }

    [Fact]
    public async Task Reset_UnicodeEscapesInKeysAndValues_AreRead()
    {
        await using var socket = await server.Host.ConnectAsync();

        // Python's json.dumps (ensure_ascii) escapes non-ASCII; any character may be escaped.
        var data = WireAssert.ObservationFrame(await socket.RequestAsync(
            """{"\u0074ype":"\u0072eset","data":{"t\u0061sk_id":"\u0076ariable_patient","seed":6,"episode_id":"caf\u00e9 \ud83d\udc8a"}}"""));

        Assert.Equal("variable_patient", data.GetProperty("metadata").GetProperty("task_id").GetString());
        Assert.Equal("café 💊", data.GetProperty("metadata").GetProperty("episode_id").GetString());
    }

    [Fact]
    public async Task Reset_TaskIdSpelledWithEscape_SelectsThatTask()
    {
        await using var socket = await server.Host.ConnectAsync();

        var data = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"task_id":"\u0066ixed_patient","seed":1}}"""));

        Assert.Equal("fixed_patient", data.GetProperty("metadata").GetProperty("task_id").GetString());
        Assert.DoesNotContain("ignored_reset_keys", WireAssert.KeysOf(data.GetProperty("metadata")));
    }

    [Fact]
    public async Task Step_EscapedActionKey_IsTheSameField()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}""");

        var step = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"\u0073tep","data":{"\u0064ose":0.5}}"""));

        Assert.Equal(0.5, step.GetProperty("observation").GetProperty("dose").GetDouble());
    }

    [Fact]
    public async Task Reply_NonAsciiText_IsValidUtf8Json()
    {
        await using var socket = await server.Host.ConnectAsync();
        await socket.SendTextAsync("""{"type":"reset","data":{"seed":1,"episode_id":"\u00e9pisode-\u4e00"}}""");

        var text = await socket.ReceiveTextAsync();

        Assert.NotNull(text);
        Assert.Equal("épisode-一", JsonDocument.Parse(text).RootElement.GetProperty("data").GetProperty("metadata").GetProperty("episode_id").GetString());
    }
}
