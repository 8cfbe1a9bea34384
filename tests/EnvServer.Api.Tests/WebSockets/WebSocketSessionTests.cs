using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.WebSockets;

public sealed class WebSocketSessionTests
{
    [Fact]
    public async Task Reset_WithSeed_ReturnsObservationEnvelope()
    {
        await using var server = new ServerHost();
        await using var socket = await server.ConnectAsync();

        var reply = await socket.RequestAsync("""{"type":"reset","data":{"seed":7}}""");

        Assert.Equal("observation", reply.GetProperty("type").GetString());
        var data = reply.GetProperty("data");
        Assert.Equal(0.0, data.GetProperty("reward").GetDouble());
        Assert.False(data.GetProperty("done").GetBoolean());
        Assert.Equal(7, data.GetProperty("metadata").GetProperty("seed").GetInt64());
    }

    [Fact]
    public async Task Settings_MaxConcurrentEnvs_ReachServer()
    {
        await using var server = new ServerHost(new Dictionary<string, string> { ["MAX_CONCURRENT_ENVS"] = "3" });

        var health = await server.Http.GetStringAsync("/health");

        Assert.Contains("\"max_sessions\":3", health);
    }
}
