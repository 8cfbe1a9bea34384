using EnvServer.Api.Cli;
using EnvServer.Client;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Federated;
using EnvServer.Training.Logging;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Tests.Federated;

/// <summary>What a federated round needs from PPO: training goes on in the given agent, and FedProx's μ holds it near its start.</summary>
public sealed class PpoWarmStartTests
{
    private static readonly Dictionary<string, object?> FixedPatient = new() { ["task_id"] = "fixed_patient" };

    [Fact]
    public async Task TrainAsync_StartAgentWithAndWithoutMu_TrainsItInPlaceAndMuKeepsItCloser()
    {
        await using var server = await EmbeddedServer.StartAsync();
        using var http = new HttpClient();
        var schema = await new EnvHttpClient(http, new Uri(server.Url, "/envs/drug-dose")).SchemaAsync();
        var actionSpace = ActionSpace.FromSchema(schema.GetProperty("action"));
        var options = new PpoOptions { TotalTimesteps = 2 * 200 * 3, NumEnvs = 2, NumSteps = 200, NumMinibatches = 4, UpdateEpochs = 4, LearningRate = 3e-3f, Seed = 3 };
        TorchSharp.torch.manual_seed(3);
        var start = new ActorCritic(1, actionSpace, options.HiddenSize);
        start.Normalizer.Update(Training.NeuralNetworks.Matrix.FromRows([2f], [4f]));

        async Task<(ActorCritic Start, ActorCritic Trained)> TrainAsync(float mu)
        {
            var copy = AgentCheckpoint.FromTensors(AgentCheckpoint.Tensors(start), AgentCheckpoint.Metadata(start, new Dictionary<string, string>()), "copy");
            await using var envs = await EnvironmentVector.ConnectAsync([server.Url], "drug-dose", options.NumEnvs, FixedPatient, seed: 1);
            using var proximal = mu > 0 ? new ProximalTerm(copy.parameters(), mu) : null;
            return (copy, await Ppo.TrainAsync(envs, actionSpace, options, new MetricsLog(), start: copy, extraLoss: proximal is null ? null : proximal.Loss));
        }

        var free = await TrainAsync(0f);
        var held = await TrainAsync(50f);

        Assert.Same(free.Start, free.Trained);
        Assert.Equal(start.Normalizer.Count + options.TotalTimesteps, free.Trained.Normalizer.Count, 6);
        var freeDrift = Distance(start, free.Trained);
        var heldDrift = Distance(start, held.Trained);
        Assert.True(freeDrift > 0, "training moved no weight");
        Assert.True(heldDrift < 0.5 * freeDrift, $"drift {heldDrift:0.000} with μ = 50 against {freeDrift:0.000} without");
    }

    private static double Distance(ActorCritic a, ActorCritic b) => Math.Sqrt(
        a.parameters().Zip(b.parameters()).Sum(p => (p.First - p.Second).square().sum().item<float>()));
}
