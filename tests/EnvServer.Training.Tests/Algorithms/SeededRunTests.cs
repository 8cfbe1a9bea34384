using EnvServer.Api.Cli;
using EnvServer.Client;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Checkpoints;
using EnvServer.Training.Logging;
using EnvServer.Training.Networks;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Tests.Algorithms;

/// <summary>Tests that seed torch's global generator: run alone, so no other test draws from it in between.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeededTorchCollection
{
    public const string Name = "seeded torch";
}

/// <summary>Same seed, same run: two trainings with one seed give the same weights and metrics bit for bit.</summary>
[Collection(SeededTorchCollection.Name)]
public sealed class SeededRunTests
{
    [Theory]
    [InlineData("drug-dose", "fixed_patient")]
    [InlineData("hiv", "default_patient")]
    public async Task PpoTrainAsync_SameSeedTwice_SameWeightsAndMetrics(string environmentId, string task)
    {
        await using var server = await EmbeddedServer.StartAsync();
        var actionSpace = await ActionSpaceAsync(server, environmentId);
        var options = new PpoOptions { TotalTimesteps = 2 * 64 * 3, NumEnvs = 2, NumSteps = 64, NumMinibatches = 4, UpdateEpochs = 2, Seed = 7 };
        var reset = new Dictionary<string, object?> { ["task_id"] = task };

        async Task<(IReadOnlyList<NamedTensor> Weights, double[] Metrics)> RunAsync()
        {
            var log = new MetricsLog();
            await using var envs = await EnvironmentVector.ConnectAsync([server.Url], environmentId, options.NumEnvs, reset, options.Seed);
            var agent = await Ppo.TrainAsync(envs, actionSpace, options, log);
            return (ModuleTensors.Export(agent), log.All.Where(m => m.Name.StartsWith("losses/", StringComparison.Ordinal)).Select(m => m.Value).ToArray());
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.NotEmpty(first.Metrics);
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.Equal(first.Weights.Select(t => t.Name), second.Weights.Select(t => t.Name));
        Assert.All(first.Weights.Zip(second.Weights), pair => Assert.Equal(pair.First.Data, pair.Second.Data));
    }

    [Fact]
    public async Task DqnTrainAsync_SameSeedTwice_SameWeightsAndMetrics()
    {
        await using var server = await EmbeddedServer.StartAsync();
        var actionSpace = await ActionSpaceAsync(server, "sepsis");
        var options = new DqnOptions { TotalTimesteps = 1200, NumEnvs = 4, LearningStarts = 200, BatchSize = 32, BufferSize = 2000, TrainFrequency = 4, TargetNetworkFrequency = 100, HiddenSize = 32, Seed = 5 };
        var reset = new Dictionary<string, object?> { ["task_id"] = "full_state" };

        async Task<(IReadOnlyList<NamedTensor> Weights, double[] Metrics)> RunAsync()
        {
            var log = new MetricsLog();
            await using var envs = await EnvironmentVector.ConnectAsync([server.Url], "sepsis", options.NumEnvs, reset, options.Seed);
            var agent = await Dqn.TrainAsync(envs, actionSpace, options, log);
            return (ModuleTensors.Export(agent.Network), log.All.Where(m => m.Name.StartsWith("losses/", StringComparison.Ordinal)).Select(m => m.Value).ToArray());
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.NotEmpty(first.Metrics);
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.All(first.Weights.Zip(second.Weights), pair => Assert.Equal(pair.First.Data, pair.Second.Data));
    }

    private static async Task<ActionSpace> ActionSpaceAsync(EmbeddedServer server, string environmentId)
    {
        using var http = new HttpClient();
        var schema = await new EnvHttpClient(http, new Uri(server.Url, $"/envs/{environmentId}")).SchemaAsync();
        return ActionSpace.FromSchema(schema.GetProperty("action"));
    }
}
