using System.Net;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Limits;

/// <summary>MAX_MESSAGES_PER_SECOND on WebSockets: refused messages get one RATE_LIMITED reply each, and the session goes on.</summary>
public sealed class WebSocketRateLimitTests
{
    private const int PerSecond = 5;
    private const int Burst = 40;

    [Fact]
    public async Task Burst_OverLimit_RefusedWithRateLimitedAndSessionKept()
    {
        await using var server = new ServerHost(new Dictionary<string, string> { ["MAX_MESSAGES_PER_SECOND"] = PerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await using var socket = await server.ConnectAsync();
        WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}"""));

        // Pipelined: all sent before any reply is read, so the bucket cannot refill meaningfully meanwhile.
        for (var i = 0; i < Burst; i++) await socket.SendTextAsync("""{"type":"step","data":{"dose":0.5}}""");
        var replies = new List<JsonElement>();
        for (var i = 0; i < Burst; i++) replies.Add(await socket.ReceiveJsonAsync());

        var refused = replies.Where(r => r.GetProperty("type").GetString() == "error").ToList();
        var stepped = replies.Count(r => r.GetProperty("type").GetString() == "observation");
        // The bucket's burst less the reset, plus what it refills while the burst is processed (a few at most on a loaded machine).
        Assert.InRange(stepped, PerSecond - 1, PerSecond + 10);
        Assert.Equal(Burst - stepped, refused.Count);
        foreach (var frame in refused)
        {
            var data = frame.GetProperty("data");
            WireAssert.ExactKeys(data, "message", "code", "retry_after_s");
            Assert.Equal("RATE_LIMITED", data.GetProperty("code").GetString());
            Assert.Contains("MAX_MESSAGES_PER_SECOND", data.GetProperty("message").GetString());
            Assert.True(data.GetProperty("retry_after_s").GetDouble() > 0);
        }

        // After waiting, the same episode continues: refused steps were not run.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var state = WireAssert.StateFrame(await socket.RequestAsync("""{"type":"state"}"""));
        Assert.Equal(stepped, state.GetProperty("step_count").GetInt32());
    }

    [Fact]
    public async Task McpBurst_OverLimit_RefusedWithServerErrorCarryingRequestId()
    {
        await using var server = new ServerHost(new Dictionary<string, string> { ["MAX_MESSAGES_PER_SECOND"] = PerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await using var socket = await server.ConnectAsync("/mcp");

        for (var i = 0; i < Burst; i++) await socket.SendTextAsync($$"""{"jsonrpc":"2.0","method":"tools/list","id":{{i}}}""");
        var replies = new List<JsonElement>();
        for (var i = 0; i < Burst; i++) replies.Add(await socket.ReceiveJsonAsync());

        var refused = replies.Select((r, i) => (Reply: r, Id: i)).Where(r => r.Reply.TryGetProperty("error", out _)).ToList();
        Assert.InRange(refused.Count, Burst - PerSecond - 10, Burst - PerSecond);
        foreach (var (reply, id) in refused)
        {
            var error = WireAssert.RpcError(reply, -32000, id);
            Assert.Contains("MAX_MESSAGES_PER_SECOND", error.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task DefaultLimit_PipelinedThousandSteps_NoneRefused()
    {
        await using var server = new ServerHost();
        await using var socket = await server.ConnectAsync();
        WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":1,"max_steps":10000}}"""));

        for (var i = 0; i < 1000; i++) await socket.SendTextAsync("""{"type":"step","data":{"dose":0.1}}""");
        for (var i = 0; i < 1000; i++) Assert.Equal("observation", (await socket.ReceiveJsonAsync()).GetProperty("type").GetString());
    }
}
