using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using EnvServer.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EnvServer.Api.Tests.Robustness;

public sealed class ConcurrentSessionTests(ITestOutputHelper output)
{
    private const int Sessions = 64;

    [Fact]
    public async Task SixtyFourSessions_SteppedConcurrently_EachMatchesItsSoloReplay()
    {
        await using var server = new ServerHost();
        var clock = Stopwatch.StartNew();

        // Each session its own seed, task (the three in turn), episode id, number of steps (4..16) and doses.
        var scripts = Enumerable.Range(0, Sessions)
            .Select(i => EpisodeScript.Generate(i, seed: 1_000 + i * 37, steps: 4 + i * 7 % 13, maxDose: 0.25))
            .ToArray();
        var sockets = new ClientWebSocket[Sessions];
        try
        {
            for (var i = 0; i < Sessions; i++) sockets[i] = await Probe.ConnectAsync(server.WebSocketUri(i % 2 == 0 ? "/ws" : "/envs/drug-dose/ws"));
            Assert.Equal(Sessions, await Probe.ActiveSessionsAsync(server.Http));

            // Every request of one round goes out to all sessions at once, so their steps interleave on the server.
            var trajectories = scripts.Select(_ => new List<string>()).ToArray();
            var messages = scripts.Select(s => s.Messages().ToArray()).ToArray();
            for (var round = 0; round < messages.Max(m => m.Length); round++)
            {
                var current = round;
                var inRound = Enumerable.Range(0, Sessions).Where(i => current < messages[i].Length).ToArray();
                var replies = await Task.WhenAll(inRound.Select(i => Probe.RequestTextAsync(sockets[i], messages[i][current])));
                for (var k = 0; k < inRound.Length; k++) trajectories[inRound[k]].Add(replies[k]);
            }

            var concurrentTime = clock.Elapsed;
            await Task.WhenAll(sockets.Select(Probe.CloseAsync));
            await Probe.WaitForActiveSessionsAsync(server.Http, 0, TimeSpan.FromSeconds(5));

            // Replayed alone, one after the other, each script gives exactly the same replies.
            for (var i = 0; i < Sessions; i++)
            {
                var script = scripts[i];
                script.AssertNoErrors(trajectories[i], $"session {i}");
                Assert.Equal(script.Doses.Count, EpisodeScript.FinalStepCount(trajectories[i]));
                using (var last = JsonDocument.Parse(trajectories[i][^2]))
                {
                    var metadata = last.RootElement.GetProperty("data").GetProperty("metadata");
                    Assert.Equal(script.EpisodeId, metadata.GetProperty("episode_id").GetString());
                    Assert.Equal(script.TaskId, metadata.GetProperty("task_id").GetString());
                    Assert.Equal(script.Seed, metadata.GetProperty("seed").GetInt64());
                }

                var alone = await script.ReplayAloneAsync(server.WebSocketUri());
                Assert.Equal(alone, trajectories[i]);
            }

            // The scripts really differ, so an episode leaking into another session could not go unnoticed.
            Assert.Equal(Sessions, trajectories.Select(t => t[^1]).Distinct().Count());
            output.WriteLine($"{Sessions} sessions, {trajectories.Sum(t => t.Count)} requests concurrently in {concurrentTime.TotalSeconds:F2} s; total {clock.Elapsed.TotalSeconds:F2} s");
        }
        finally
        {
            foreach (var socket in sockets.Where(s => s is not null))
            {
                socket.Abort();
                socket.Dispose();
            }
        }
    }
}
