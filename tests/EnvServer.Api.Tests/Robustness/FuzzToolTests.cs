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
        Assert.True(outcome.ByTarget.Count >= 30, $"only {outcome.ByTarget.Count} targets were fuzzed");
        Assert.True(outcome.NeighbourEpisodes >= 4, "the neighbours played no episode");
        Assert.True(outcome.Passed, log.ToString());
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
