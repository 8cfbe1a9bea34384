using EnvServer.Api.Cli;
using EnvServer.Client;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Logging;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Tests.Algorithms;

/// <summary>A learning smoke test: a short seeded PPO run over the wire measurably improves the policy (no timing asserted).</summary>
public sealed class PpoLearningTests
{
    private static readonly Dictionary<string, object?> FixedPatient = new() { ["task_id"] = "fixed_patient" };

    [Fact]
    public async Task TrainAsync_ShortRunOnDrugDose_ImprovesTheDeterministicReturn()
    {
        await using var server = await EmbeddedServer.StartAsync();
        using var http = new HttpClient();
        var schema = await new EnvHttpClient(http, new Uri(server.Url, "/envs/drug-dose")).SchemaAsync();
        var actionSpace = ActionSpace.FromSchema(schema.GetProperty("action"));
        var options = new PpoOptions
        {
            TotalTimesteps = 4 * 200 * 15,
            NumEnvs = 4,
            NumSteps = 200,
            NumMinibatches = 4,
            UpdateEpochs = 6,
            LearningRate = 3e-3f,
            Seed = 3,
        };
        var log = new MetricsLog();

        double untrained;
        await using (var envs = await EnvironmentVector.ConnectAsync([server.Url], "drug-dose", 1, FixedPatient, seed: 100))
        {
            TorchSharp.torch.manual_seed(options.Seed);
            var initial = new ActorCritic(1, actionSpace, options.HiddenSize);
            untrained = (await PolicyEvaluation.RunAsync(initial, envs, 1, deterministic: true, new Random(0)))[0].Return;
        }

        ActorCritic agent;
        var evaluations = new List<long>();
        await using (var envs = await EnvironmentVector.ConnectAsync([server.Url], "drug-dose", options.NumEnvs, FixedPatient, seed: 1))
        await using (var validation = await EnvironmentVector.ConnectAsync([server.Url], "drug-dose", 1, FixedPatient, seed: 100))
        {
            agent = await Ppo.TrainAsync(envs, actionSpace, options, log, async (current, step, ct) =>
            {
                evaluations.Add(step);
                await validation.RestartAsync(ct);
                return await PolicyEvaluation.RunAsync(current, validation, 1, deterministic: true, new Random(0), ct);
            });
        }

        double trained;
        await using (var envs = await EnvironmentVector.ConnectAsync([server.Url], "drug-dose", 1, FixedPatient, seed: 100))
        {
            trained = (await PolicyEvaluation.RunAsync(agent, envs, 1, deterministic: true, new Random(0)))[0].Return;
        }

        Assert.True(trained > untrained + 50, $"return {untrained:0.0} before training, {trained:0.0} after");
        Assert.Equal(options.NumUpdates, log.Values("losses/approx_kl").Count());
        Assert.All(log.Values("losses/value_loss"), v => Assert.True(double.IsFinite(v)));

        // Evaluated every EvalEvery (10) updates and after the last (15th); the last evaluation is the trained agent's return.
        Assert.Equal([10 * options.BatchSize, 15 * options.BatchSize], evaluations);
        Assert.Equal(trained, log.Values("eval/mean_reward").Last(), 6);
    }
}
