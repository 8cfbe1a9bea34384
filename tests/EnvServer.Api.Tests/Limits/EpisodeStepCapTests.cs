using System.Net;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Limits;

/// <summary>MAX_EPISODE_STEPS: the capping step comes back truncated (done), as Gymnasium's TimeLimit; then steps are refused until reset.</summary>
public sealed class EpisodeStepCapTests : IAsyncLifetime
{
    private const int Cap = 3;
    private ServerHost _server = null!;

    public Task InitializeAsync()
    {
        _server = new ServerHost(new Dictionary<string, string> { ["MAX_EPISODE_STEPS"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task WebSocketEpisode_ReachingCap_IsTruncatedThenRefusedUntilReset()
    {
        await using var socket = await _server.ConnectAsync();
        WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":1}}"""));

        for (var episode = 0; episode < 2; episode++)
        {
            for (var step = 1; step < Cap; step++)
            {
                var early = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":0.5}}"""));
                Assert.False(early.GetProperty("done").GetBoolean());
            }

            var last = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":0.5}}"""), "truncated_by", "max_episode_steps");
            Assert.True(last.GetProperty("done").GetBoolean());
            Assert.True(last.GetProperty("observation").GetProperty("truncated").GetBoolean());
            Assert.False(last.GetProperty("observation").GetProperty("terminated").GetBoolean());
            Assert.Equal("MAX_EPISODE_STEPS", last.GetProperty("metadata").GetProperty("truncated_by").GetString());
            Assert.Equal(Cap, last.GetProperty("metadata").GetProperty("max_episode_steps").GetInt32());

            var refused = WireAssert.ErrorFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":0.5}}"""), "EXECUTION_ERROR");
            Assert.Contains("send reset", refused.GetProperty("message").GetString());
            WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":2}}"""));
        }
    }

    [Fact]
    public async Task HttpEpisode_ReachingCap_IsTruncatedThen409()
    {
        var reset = await HttpExchange.PostAsync(_server.Http, "/reset", """{"seed":1}""", HttpExchange.NewSession);
        HttpExchange last = reset;
        for (var step = 0; step < Cap; step++) last = await HttpExchange.PostAsync(_server.Http, "/step", """{"action":{"dose":0.5}}""", reset.SessionId);

        var after = await HttpExchange.PostAsync(_server.Http, "/step", """{"action":{"dose":0.5}}""", reset.SessionId);

        Assert.Equal(HttpStatusCode.OK, last.Status);
        Assert.True(last.Json.GetProperty("done").GetBoolean());
        Assert.True(last.Json.GetProperty("observation").GetProperty("truncated").GetBoolean());
        Assert.Equal("MAX_EPISODE_STEPS", last.Json.GetProperty("metadata").GetProperty("truncated_by").GetString());
        WireAssert.Detail(after, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task EnvironmentHorizonBelowCap_EndsAsTheEnvironmentSays()
    {
        await using var socket = await _server.ConnectAsync();
        WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"seed":1,"max_steps":2}}"""));

        WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":0.5}}"""));
        var end = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"step","data":{"dose":0.5}}"""));

        Assert.True(end.GetProperty("done").GetBoolean());
        Assert.False(end.GetProperty("metadata").TryGetProperty("truncated_by", out _));
        Assert.Equal(System.Text.Json.JsonValueKind.Number, end.GetProperty("metadata").GetProperty("grader_score").ValueKind);
    }
}
