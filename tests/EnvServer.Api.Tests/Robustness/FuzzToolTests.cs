extern alias tools;

using EnvServer.Api.Tests.Infrastructure;
using tools::EnvServer.Tools.Fuzz;
using Xunit.Abstractions;

namespace EnvServer.Api.Tests.Robustness;

/// <summary>
/// CI's short run of the fuzz tool (the long run's command and figures are in docs/security.md): 2,000 mutated bodies
/// and frames over every environment, MCP, agent and bandit endpoint, on loopback, bounded in count and time.
/// </summary>
public sealed class FuzzToolTests(ITestOutputHelper output)
{
    private const int Inputs = 2_000;

    [Fact]
    public async Task FuzzTool_ShortRun_NoServerErrorNoDisturbedSessionServerHealthy()
    {
        await using var server = new ServerHost();
        var log = new StringWriter();

        var outcome = await FuzzRun.RunAsync(new FuzzSettings(server.BaseAddress, Inputs, TimeSpan.FromMinutes(3), Seed: 5), log);

        outcome.Write(log);
        output.WriteLine(log.ToString());
        Assert.Equal(Inputs, outcome.Sent);
        // Reset, step, MCP over HTTP and WS, and /ws at the root and under each of the 4 /envs/{id}: 25; then
        // /agent/suggest, /agent/baseline and the 3 bandit POSTs.
        Assert.Equal(30, outcome.ByTarget.Count);
        Assert.True(outcome.NeighbourEpisodes >= 4, "the neighbours played no episode");
        Assert.True(outcome.Passed, log.ToString());
    }

    private const string Reset = """{"type":"observation","data":{"observation":{"episode_id":"e1","cd4":500.0,"step":0},"reward":null,"done":false,"metadata":{"episode_id":"e1","session_id":"s1"}}}""";
    private const string Step = """{"type":"observation","data":{"observation":{"episode_id":"e1","cd4":512.5,"step":1},"reward":0.25,"done":false,"metadata":{"grader_score":0.4,"session_id":"s1"}}}""";

    [Fact]
    public void Differ_ChangedReward_True()
    {
        var disturbed = Step.Replace("\"reward\":0.25", "\"reward\":0.26", StringComparison.Ordinal);

        Assert.True(Trajectory.Differ([Reset, Step], [Reset, disturbed]));
    }

    [Theory]
    [InlineData("\"cd4\":512.5", "\"cd4\":512.6")]
    [InlineData("\"done\":false,\"metadata\":{\"grader", "\"done\":true,\"metadata\":{\"grader")]
    [InlineData("\"grader_score\":0.4", "\"grader_score\":0.5")]
    public void Differ_ChangedObservationDoneOrScore_True(string from, string to)
    {
        Assert.True(Trajectory.Differ([Reset, Step], [Reset, Step.Replace(from, to, StringComparison.Ordinal)]));
    }

    [Fact]
    public void Differ_OnlyEpisodeAndSessionIdsChanged_False()
    {
        string Renamed(string reply) => reply.Replace("e1", "e2", StringComparison.Ordinal).Replace("s1", "s9", StringComparison.Ordinal);

        Assert.False(Trajectory.Differ([Reset, Step], [Renamed(Reset), Renamed(Step)]));
    }

    [Fact]
    public void Mutate_SameSeedAndIndex_SameInput()
    {
        const string seed = """{"action":{"dose":0.5},"k":[1,2]}""";

        var inputs = Enumerable.Range(0, 200).Select(i => JsonMutator.Mutate(seed, new Random(i))).ToList();
        var again = Enumerable.Range(0, 200).Select(i => JsonMutator.Mutate(seed, new Random(i))).ToList();

        Assert.Equal(inputs.Select(Convert.ToHexString), again.Select(Convert.ToHexString));
        Assert.True(inputs.Select(Convert.ToHexString).Distinct().Count() > 100, "the mutator produces too few distinct inputs");
    }
}
