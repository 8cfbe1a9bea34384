using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;

namespace EnvServer.Api.Tests.Robustness;

/// <summary>
/// A fixed episode over /ws: reset with a seed, task and episode id, a list of doses, then state.
/// The episode id is fixed so that two runs of the same script give byte-identical replies.
/// </summary>
internal sealed record EpisodeScript(long Seed, string TaskId, string EpisodeId, IReadOnlyList<double> Doses)
{
    public static readonly string[] Tasks = ["fixed_patient", "variable_patient", "pkpd_toxicity"];

    /// <summary>A script whose doses come from a seeded generator, small enough that no episode ends early.</summary>
    public static EpisodeScript Generate(int index, long seed, int steps, double maxDose)
    {
        var random = new Random(index * 7919 + 17);
        var doses = Enumerable.Range(0, steps).Select(_ => Math.Round(random.NextDouble() * maxDose, 4)).ToArray();
        return new EpisodeScript(seed, Tasks[index % Tasks.Length], $"episode-{index}", doses);
    }

    public string ResetMessage =>
        $$$"""{"type":"reset","data":{"seed":{{{Seed}}},"task_id":"{{{TaskId}}}","episode_id":"{{{EpisodeId}}}"}}""";

    public static string StepMessage(double dose) =>
        $$$"""{"type":"step","data":{"dose":{{{dose.ToString("R", CultureInfo.InvariantCulture)}}}}}""";

    public const string StateMessage = """{"type":"state"}""";

    /// <summary>Every request of the script, in order: reset, the steps, state.</summary>
    public IEnumerable<string> Messages() => [ResetMessage, .. Doses.Select(StepMessage), StateMessage];

    /// <summary>Runs the whole script on <paramref name="socket"/> and returns the reply texts.</summary>
    public async Task<List<string>> RunAsync(ClientWebSocket socket)
    {
        var replies = new List<string>();
        foreach (var message in Messages()) replies.Add(await Probe.RequestTextAsync(socket, message));
        return replies;
    }

    /// <summary>Runs the script alone on a fresh connection to <paramref name="uri"/>.</summary>
    public async Task<List<string>> ReplayAloneAsync(Uri uri)
    {
        var socket = await Probe.ConnectAsync(uri);
        try
        {
            return await RunAsync(socket);
        }
        finally
        {
            await Probe.CloseAsync(socket);
        }
    }

    /// <summary>Fails unless every reply is an observation (or the final state) and none is an error.</summary>
    public void AssertNoErrors(IReadOnlyList<string> replies, string who)
    {
        for (var i = 0; i < replies.Count; i++)
        {
            using var reply = JsonDocument.Parse(replies[i]);
            var expected = i == replies.Count - 1 ? "state" : "observation";
            var type = reply.RootElement.GetProperty("type").GetString();
            Assert.True(type == expected, $"{who}: reply {i} is {type}, expected {expected}: {replies[i]}");
        }
    }

    /// <summary>step_count of the final state reply.</summary>
    public static int FinalStepCount(IReadOnlyList<string> replies)
    {
        using var state = JsonDocument.Parse(replies[^1]);
        return state.RootElement.GetProperty("data").GetProperty("step_count").GetInt32();
    }
}
