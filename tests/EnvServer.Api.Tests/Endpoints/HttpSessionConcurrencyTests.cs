using System.Globalization;
using System.Net;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;

namespace EnvServer.Api.Tests.Endpoints;

/// <summary>
/// Many HTTP sessions stepped at once over keep-alive connections: each body must be read whole
/// and on its own (a body parsed from memory Kestrel had already reused once gave nonsense 422s).
/// </summary>
public sealed class HttpSessionConcurrencyTests
{
    private const int Sessions = 64;
    private const int Steps = 100;

    [Fact]
    public async Task Step_ConcurrentSessions_EachTrajectoryEqualsItsSoloReplay()
    {
        await using var server = new ServerHost(new Dictionary<string, string> { ["MAX_CONCURRENT_ENVS"] = "128" });

        var concurrent = await Task.WhenAll(Enumerable.Range(0, Sessions).Select(i => Task.Run(() => PlayAsync(server.Http, i))));
        var solo = new List<IReadOnlyList<string>>();
        for (var i = 0; i < Sessions; i++) solo.Add(await PlayAsync(server.Http, i));

        for (var i = 0; i < Sessions; i++) Assert.Equal(solo[i], concurrent[i]);
    }

    /// <summary>Plays session <paramref name="index"/>'s own seed and doses; returns each step's observation and reward.</summary>
    private static async Task<IReadOnlyList<string>> PlayAsync(HttpClient http, int index)
    {
        var reset = await HttpExchange.PostAsync(http, "/reset", $$"""{"seed": {{1000 + index}}, "task_id": "variable_patient"}""");
        Assert.Equal(HttpStatusCode.OK, reset.Status);
        var trajectory = new List<string>();
        for (var step = 0; step < Steps; step++)
        {
            var dose = ((index * 7 + step * 3) % 11 / 10.0).ToString("R", CultureInfo.InvariantCulture);
            var reply = await HttpExchange.PostAsync(http, "/step", $$"""{"action": {"dose": {{dose}}}, "request_id": "{{index}}-{{step}}"}""", reset.SessionId);
            Assert.True(reply.Status == HttpStatusCode.OK, $"session {index} step {step}: {(int)reply.Status} {reply.Body}");
            var data = reply.Json;
            trajectory.Add(data.GetProperty("observation").GetRawText() + "|" + data.GetProperty("reward").GetRawText());
        }

        return trajectory;
    }
}
