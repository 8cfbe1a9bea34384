using EnvServer.Api.Cli;
using EnvServer.Training.Bandit;
using EnvServer.Training.Cli;
using EnvServer.Training.Logging;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Tests.Bandit;

/// <summary>The bandit against the embedded server's oracle on a small data set, against random search on the same budget.</summary>
public sealed class OptimNeuralTsTests
{
    private static readonly Dictionary<string, object> SmallDataset = new()
    {
        ["seed"] = 5, ["n_rx"] = 100, ["n_combinations"] = 5000, ["n_patterns"] = 4, ["mean_rx"] = 5.0, ["noise_std"] = 0.1,
    };

    private static readonly OptimNeuralTsOptions Small = new()
    {
        TotalSteps = 800, WarmupSteps = 200, WarmupUpdates = 300, HiddenSize = 32, EvalEvery = 200, Seed = 3,
    };

    [Fact]
    public async Task RunAsync_SmallDataset_PullsMoreDangerousCombinationsThanRandomSearch()
    {
        await using var server = await ServerConnection.OpenAsync([]);

        var bandit = await RunAsync(server, Small);
        var random = await RunAsync(server, Small with { Strategy = BanditStrategy.Random });

        var banditFound = bandit.Values("charts/dangerous_pulls").Last();
        var randomFound = random.Values("charts/dangerous_pulls").Last();
        Assert.True(banditFound > 1.2 * randomFound, $"dangerous combinations pulled: bandit {banditFound}, random search {randomFound}");
        Assert.Equal(4, bandit.Values("bandit/recall").Count());
        Assert.All(bandit.Values("bandit/precision").Concat(bandit.Values("ensemble/recall")), v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public async Task RunAsync_SameSeeds_LogsTheSameMetrics()
    {
        await using var server = await ServerConnection.OpenAsync([]);
        var options = Small with { TotalSteps = 300, EvalEvery = 100 };

        var first = await RunAsync(server, options);
        var second = await RunAsync(server, options);

        Assert.Equal(Values(first), Values(second));
    }

    [Fact]
    public async Task BanditCommand_TinyRun_WritesMetricsAndProgress()
    {
        var runs = Directory.CreateTempSubdirectory("bandit-runs-").FullName;
        var output = new StringWriter();
        try
        {
            var code = await BanditCommand.RunAsync(
                ["--strategy", "random", "--total-steps", "150", "--warmup-steps", "50", "--eval-every", "50", "--n-rx", "40",
                 "--n-combinations", "500", "--n-patterns", "3", "--mean-rx", "4", "--runs-dir", runs, "--run-name", "tiny"],
                output, CancellationToken.None);

            Assert.Equal(0, code);
            Assert.Equal(3, output.ToString().Split('\n').Count(l => l.StartsWith("global_step=", StringComparison.Ordinal)));
            var csv = File.ReadAllLines(Path.Combine(runs, "tiny", "metrics.csv"));
            Assert.Equal(3, csv.Count(l => l.StartsWith("ensemble/recall,", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(runs, recursive: true);
        }
    }

    private static async Task<MetricsLog> RunAsync(ServerConnection server, OptimNeuralTsOptions options)
    {
        var log = new MetricsLog();
        await using var oracle = await BanditOracleClient.CreateAsync(server, SmallDataset, CancellationToken.None);
        await OptimNeuralTs.RunAsync(oracle, options, log, CancellationToken.None);
        return log;
    }

    private static double[] Values(MetricsLog log) => log.All.Where(m => m.Name != "charts/SPS").Select(m => m.Value).ToArray();
}
