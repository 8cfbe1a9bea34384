using System.Net.Http.Json;
using System.Text.Json;
using EnvServer.Api.Cli;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Tests.Rollouts;

public sealed class EnvironmentVectorTests
{
    private static readonly Dictionary<string, object?> ShortFixedPatient = new() { ["task_id"] = "fixed_patient", ["max_steps"] = 10 };

    [Fact]
    public async Task StepAsync_AtTheTimeLimit_TruncatesKeepsTheFinalObservationAndResets()
    {
        await using var server = await EmbeddedServer.StartAsync();
        await using var vector = await EnvironmentVector.ConnectAsync([server.Url], "drug-dose", 3, ShortFixedPatient, seed: 1);
        var rewards = new double[3];

        VectorStep step = null!;
        for (var t = 0; t < 10; t++)
        {
            step = await vector.StepAsync([Dose(0.5), Dose(0.5), Dose(0.5)]);
            for (var i = 0; i < 3; i++) rewards[i] += step.Rewards[i];
        }

        Assert.All(step.Truncated, Assert.True);
        Assert.All(step.Terminated, Assert.False);
        Assert.Equal(3, step.Episodes.Count);
        foreach (var episode in step.Episodes)
        {
            Assert.Equal(10, episode.Length);
            Assert.Equal(rewards[episode.Session], episode.Return, 6);
            Assert.NotNull(episode.GraderScore);
        }

        // One-compartment, k = 0.05, 0.5 per step: C10 = 0.5·(1 − 0.95¹⁰)/0.05.
        Assert.Equal(0.5 * (1 - Math.Pow(0.95, 10)) / 0.05, step.FinalObservations[0]![0], 4);
        Assert.All(vector.Observations, o => Assert.Equal([0f], o));
    }

    [Fact]
    public async Task ConnectAsync_SameSeed_GivesTheSameTrajectoriesAndAnotherSeedDoesNot()
    {
        await using var server = await EmbeddedServer.StartAsync();
        var options = new Dictionary<string, object?> { ["task_id"] = "variable_patient" };

        var first = await PlayAsync(server.Url, options, seed: 7);
        var again = await PlayAsync(server.Url, options, seed: 7);
        var other = await PlayAsync(server.Url, options, seed: 8);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task ConnectAsync_SeveralServers_SpreadsTheSessionsOverThem()
    {
        await using var a = await EmbeddedServer.StartAsync();
        await using var b = await EmbeddedServer.StartAsync();

        await using var vector = await EnvironmentVector.ConnectAsync([a.Url, b.Url], "drug-dose", 4, ShortFixedPatient, seed: 1);

        using var http = new HttpClient();
        foreach (var server in new[] { a, b })
        {
            var health = await http.GetFromJsonAsync<JsonElement>(new Uri(server.Url, "/health"));
            Assert.Equal(2, health.GetProperty("active_sessions").GetInt32());
        }
    }

    private static async Task<float[]> PlayAsync(Uri server, Dictionary<string, object?> options, long seed)
    {
        await using var vector = await EnvironmentVector.ConnectAsync([server], "drug-dose", 2, options, seed);
        var rewards = new List<float>();
        for (var t = 0; t < 20; t++) rewards.AddRange((await vector.StepAsync([Dose(0.3), Dose(0.7)])).Rewards);
        return [.. rewards];
    }

    private static object Dose(double dose) => new Dictionary<string, object> { ["dose"] = dose };
}
