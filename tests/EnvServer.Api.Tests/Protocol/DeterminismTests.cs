using System.Net;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Protocol;

/// <summary>
/// The same seed and actions give byte-identical observations, rewards and metadata (apart from the
/// episode and session ids) over WebSocket and over HTTP, for every drug-dose task.
/// </summary>
public sealed class DeterminismTests(ConformanceServer server) : IClassFixture<ConformanceServer>
{
    private static readonly string[] Doses = ["1", "1", "0.5", "0", "0.25", "0.125", "0.3", "0", "0.2", "0.15", "0.1", "0.6", "0.05", "0.4", "0.2", "0.1"];

    [Theory]
    [InlineData("fixed_patient")]
    [InlineData("variable_patient")]
    [InlineData("pkpd_toxicity")]
    public async Task Replay_SameSeedAndActions_IdenticalOverWebSocketAndHttp(string task)
    {
        var reset = $$"""{"seed":123,"task_id":"{{task}}"}""";

        var first = await PlayOverWebSocketAsync(reset);
        var second = await PlayOverWebSocketAsync(reset);
        var overHttp = await PlayOverHttpAsync(reset, first.Replies.Count - 1);

        Assert.True(first.Replies.Count >= 5, "the episode should last a few steps");
        Assert.Equal(first.Replies, second.Replies);
        Assert.Equal(first.Replies, overHttp.Replies);
        Assert.Equal(first.State, second.State);
        Assert.Equal(first.State, overHttp.State);
    }

    [Fact]
    public async Task Replay_DifferentSeedOnVariablePatient_Differs()
    {
        var seed123 = await PlayOverWebSocketAsync("""{"seed":123,"task_id":"variable_patient"}""");
        var seed124 = await PlayOverWebSocketAsync("""{"seed":124,"task_id":"variable_patient"}""");

        Assert.NotEqual(seed123.Replies.Skip(1), seed124.Replies.Skip(1));
        Assert.NotEqual(seed123.State, seed124.State);
    }

    [Fact]
    public async Task Replay_ResetWithoutSeed_ReportedSeedReproducesEpisode()
    {
        await using var socket = await server.Host.ConnectAsync();
        var reset = WireAssert.ObservationFrame(await socket.RequestAsync("""{"type":"reset","data":{"task_id":"variable_patient"}}"""));
        var seed = reset.GetProperty("metadata").GetProperty("seed");
        Assert.Equal(JsonValueKind.Number, seed.ValueKind);

        var unseeded = new List<string> { WireAssert.Replayable(reset) };
        for (var i = 0; i < 5; i++) unseeded.Add(WireAssert.Replayable(WireAssert.ObservationFrame(await socket.RequestAsync(StepFrame(Doses[i])))));
        var replay = await PlayOverWebSocketAsync($$"""{"seed":{{seed.GetRawText()}},"task_id":"variable_patient"}""", steps: 5);

        Assert.Equal(unseeded, replay.Replies);
    }

    private async Task<Run> PlayOverWebSocketAsync(string resetData, int steps = -1)
    {
        await using var socket = await server.Host.ConnectAsync();
        var replies = new List<string>();
        var data = WireAssert.ObservationFrame(await socket.RequestAsync($$"""{"type":"reset","data":{{resetData}}}"""));
        replies.Add(WireAssert.Replayable(data));
        var count = steps < 0 ? Doses.Length : steps;
        for (var i = 0; i < count && !data.GetProperty("done").GetBoolean(); i++)
        {
            data = WireAssert.ObservationFrame(await socket.RequestAsync(StepFrame(Doses[i])));
            replies.Add(WireAssert.Replayable(data));
        }

        var state = WireAssert.StateFrame(await socket.RequestAsync("""{"type":"state"}"""));
        return new Run(replies, WithoutEpisodeId(state));
    }

    private async Task<Run> PlayOverHttpAsync(string resetBody, int steps)
    {
        var replies = new List<string>();
        var reset = await HttpExchange.PostAsync(server.Host.Http, "/reset", resetBody, HttpExchange.NewSession);
        Assert.Equal(HttpStatusCode.OK, reset.Status);
        replies.Add(WireAssert.Replayable(reset.Json));
        for (var i = 0; i < steps; i++)
        {
            var step = await HttpExchange.PostAsync(server.Host.Http, "/step", $$$"""{"action":{"dose":{{{Doses[i]}}}}}""", reset.SessionId);
            Assert.Equal(HttpStatusCode.OK, step.Status);
            replies.Add(WireAssert.Replayable(step.Json));
        }

        var state = await HttpExchange.GetAsync(server.Host.Http, "/state", reset.SessionId);
        return new Run(replies, WithoutEpisodeId(state.Json));
    }

    private static string StepFrame(string dose) => $$$"""{"type":"step","data":{"dose":{{{dose}}}}}""";

    private static string WithoutEpisodeId(JsonElement state) =>
        string.Join(",", state.EnumerateObject().Where(p => p.Name != "episode_id").Select(p => $"{p.Name}={p.Value.GetRawText()}"));

    private sealed record Run(List<string> Replies, string State);
}
