using EnvServer.Api.Cli;
using EnvServer.Client;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Checkpoints;
using EnvServer.Training.Logging;
using EnvServer.Training.Rollouts;
using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Training.Tests.Algorithms;

/// <summary>Recurrent PPO: memory within episodes only, whole sequences in minibatches, learning on sepsis with the
/// diabetic flag hidden, checkpoints and seeds.</summary>
public sealed class PpoLstmTests
{
    private static readonly Dictionary<string, object?> ObservedState = new() { ["task_id"] = "observed_state", ["shaping"] = false };
    private static readonly ActionSpace EightActions = new("action", IsDiscrete: true, Size: 8);

    [Fact]
    public void States_EpisodeStart_ZeroesTheStateElseCarriesIt()
    {
        using var generator = new Generator(3);
        using var agent = new RecurrentActorCritic(2, EightActions, 8, 6, timeFeature: false, generator);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Two sequences of three steps, time-major; sequence 0 starts an episode at step 2, sequence 1 never does.
        var inputs = tensor(new float[] { 1, 2, 1, 2, -1, 0, -1, 0, 3, 1, 3, 1 }, 6, 2);
        var starts = tensor(new float[] { 0, 0, 0, 0, 1, 0 });
        var carried = agent.InitialState(2);
        carried.H.fill_(0.5f);
        carried.C.fill_(-0.5f);

        var (hidden, _) = agent.States(inputs, carried, starts);
        var (fromZero, _) = agent.States(inputs[4..5], agent.InitialState(1), zeros(1));

        Assert.True(hidden[4].allclose(fromZero[0], rtol: 0, atol: 1e-6), "a step that starts an episode must see a zero state");
        Assert.False(hidden[5].allclose(fromZero[0], rtol: 0, atol: 1e-3), "a step within an episode must see the carried state");
        var (withoutStart, _) = agent.States(inputs, carried, zeros(6));
        Assert.False(hidden[4].allclose(withoutStart[4], rtol: 0, atol: 1e-3));
        Assert.True(hidden[..4].allclose(withoutStart[..4], rtol: 0, atol: 0), "steps before the start are unaffected by it");
    }

    [Fact]
    public void MinibatchRows_TwoOfFourSessions_KeepsEachWholeSequenceTimeMajor()
    {
        var rows = PpoLstm.MinibatchRows([2, 0], steps: 3, n: 4);

        // Storage is [step · n + session]: sessions 2 and 0 at steps 0, 1, 2, in that order within each step.
        Assert.Equal([2L, 0L, 6L, 4L, 10L, 8L], rows);
    }

    [Fact]
    public async Task ChooseActions_SessionStartsNewEpisode_ResetsItsStateOnly()
    {
        await using var server = await EmbeddedServer.StartAsync();
        await using var envs = await EnvironmentVector.ConnectAsync([server.Url], "sepsis", 2, ObservedState, seed: 5);
        using var generator = new Generator(1);
        using var agent = new RecurrentActorCritic(envs.Observations[0].Length, EightActions, 16, 8, timeFeature: true, generator);
        using var fresh = new RecurrentActorCritic(envs.Observations[0].Length, EightActions, 16, 8, timeFeature: true, generator);
        fresh.load_state_dict(agent.state_dict());
        var random = new Random(0);

        // Play until session 0 ends an episode; session 1 may or may not (its own memory must then go on or restart).
        VectorStep step;
        do
        {
            var actions = agent.ChooseActions(envs, deterministic: true, random);
            step = await envs.StepAsync(actions.Select(a => EightActions.ToAction(a)).ToArray());
        }
        while (!step.Episodes.Any(e => e.Session == 0));

        Assert.Equal(0, envs.EpisodeStep(0));
        agent.ChooseActions(envs, deterministic: true, random);
        fresh.ChooseActions(envs, deterministic: true, random);

        // Session 0 started afresh: its state is the one a policy without memory reaches from the same observation.
        Assert.True(agent.SessionState!.H[.., 0].allclose(fresh.SessionState!.H[.., 0], rtol: 0, atol: 1e-6));
        if (envs.EpisodeStep(1) > 0)
        {
            Assert.False(agent.SessionState.H[.., 1].allclose(fresh.SessionState.H[.., 1], rtol: 0, atol: 1e-4), "session 1 carries its memory");
        }
    }

    [Fact]
    public async Task TrainAsync_ShortRunOnSepsisObservedState_ImprovesTheDeterministicOutcome()
    {
        await using var server = await EmbeddedServer.StartAsync();
        var actionSpace = await SepsisActionSpaceAsync(server.Url);
        var options = ShortRun with { TotalTimesteps = 16 * 64 * 12, LearningRate = 2e-3f, Seed = 2 };
        const int episodes = 300;

        double untrained;
        await using (var envs = await EnvironmentVector.ConnectAsync([server.Url], "sepsis", 1, ObservedState, seed: 1_000))
        {
            using var generator = new Generator((ulong)options.Seed);
            using var initial = new RecurrentActorCritic(envs.Observations[0].Length, actionSpace, options.HiddenSize, options.LstmSize, options.TimeFeature, generator);
            untrained = (await PolicyEvaluation.RunAsync(initial, envs, episodes, deterministic: true, new Random(0))).Average(e => e.Return);
        }

        var log = new MetricsLog();
        RecurrentActorCritic agent;
        await using (var envs = await EnvironmentVector.ConnectAsync([server.Url], "sepsis", options.NumEnvs, ObservedState, seed: 1))
        {
            agent = await PpoLstm.TrainAsync(envs, actionSpace, options, log);
        }

        double trained;
        await using (var envs = await EnvironmentVector.ConnectAsync([server.Url], "sepsis", 1, ObservedState, seed: 1_000))
        {
            trained = (await PolicyEvaluation.RunAsync(agent, envs, episodes, deterministic: true, new Random(0))).Average(e => e.Return);
        }

        agent.Dispose();
        Assert.True(trained > untrained + 0.2, $"mean outcome {untrained:0.000} before training, {trained:0.000} after");
        Assert.Equal(options.NumUpdates, log.Values("losses/approx_kl").Count());
        Assert.All(log.Values("losses/value_loss"), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public async Task SaveThenLoad_TrainedAgent_PlaysTheSameActionsUnderPyTorchNames()
    {
        await using var server = await EmbeddedServer.StartAsync();
        var actionSpace = await SepsisActionSpaceAsync(server.Url);
        var options = ShortRun with { TotalTimesteps = 8 * 16 * 2, NumEnvs = 8, NumSteps = 16, TimeFeature = true };
        RecurrentActorCritic agent;
        await using (var envs = await EnvironmentVector.ConnectAsync([server.Url], "sepsis", options.NumEnvs, ObservedState, seed: 1))
        {
            agent = await PpoLstm.TrainAsync(envs, actionSpace, options, new MetricsLog());
        }

        var path = Path.Combine(Path.GetTempPath(), $"lstm-{Guid.NewGuid():N}.safetensors");
        try
        {
            AgentCheckpoint.Save(path, agent, new Dictionary<string, string> { ["env"] = "sepsis", ["command"] = "train --algo ppo-lstm" });
            var (policy, metadata) = AgentCheckpoint.Load(path);
            using var loaded = Assert.IsType<RecurrentActorCritic>(policy);
            var (tensors, _) = SafeTensors.Load(path);

            Assert.Equal(
                ["actor.bias", "actor.weight", "critic.bias", "critic.weight", "lstm.bias_hh_l0", "lstm.bias_ih_l0", "lstm.weight_hh_l0", "lstm.weight_ih_l0",
                 "network.0.bias", "network.0.weight"],
                tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
            Assert.Contains(tensors, t => t.Name == "lstm.weight_ih_l0" && t.Shape.SequenceEqual([4 * options.LstmSize, options.HiddenSize]));
            Assert.Equal("true", metadata["time_feature"]);
            Assert.Equal(RecurrentActorCritic.PolicyName, metadata["policy"]);
            Assert.Equal(agent.Normalizer.Mean, loaded.Normalizer.Mean);

            // Sampled actions over whole episodes: the same draws from the same seeds need the same logits at every step.
            var played = new List<float[]>();
            foreach (var player in new[] { agent, loaded })
            {
                await using var envs = await EnvironmentVector.ConnectAsync([server.Url], "sepsis", 3, ObservedState, seed: 2_000);
                var random = new Random(9);
                var actions = new List<float>();
                for (var t = 0; t < 40; t++)
                {
                    var chosen = player.ChooseActions(envs, deterministic: false, random);
                    actions.AddRange(chosen);
                    await envs.StepAsync(chosen.Select(a => actionSpace.ToAction(a)).ToArray());
                }

                played.Add([.. actions]);
            }

            Assert.Equal(played[0], played[1]);
        }
        finally
        {
            agent.Dispose();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task TrainAsync_SameSeedTwice_SameLossesAndWeights()
    {
        await using var server = await EmbeddedServer.StartAsync();
        var actionSpace = await SepsisActionSpaceAsync(server.Url);
        var options = ShortRun with { TotalTimesteps = 8 * 16 * 3, NumEnvs = 8, NumSteps = 16, Seed = 4 };
        var runs = new List<(double[] Metrics, float[] Weights)>();
        for (var run = 0; run < 2; run++)
        {
            var log = new MetricsLog();
            await using var envs = await EnvironmentVector.ConnectAsync([server.Url], "sepsis", options.NumEnvs, ObservedState, seed: options.Seed);
            using var agent = await PpoLstm.TrainAsync(envs, actionSpace, options, log);
            var metrics = log.All.Where(m => m.Name.StartsWith("losses/", StringComparison.Ordinal) || m.Name == "charts/episodic_return").Select(m => m.Value).ToArray();
            runs.Add((metrics, agent.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray()));
        }

        Assert.NotEmpty(runs[0].Metrics);
        Assert.Equal(runs[0].Metrics, runs[1].Metrics);
        Assert.Equal(runs[0].Weights, runs[1].Weights);
    }

    [Fact]
    public async Task TrainAsync_EnvsNotAMultipleOfMinibatches_NamesBothOptions()
    {
        await using var server = await EmbeddedServer.StartAsync();
        await using var envs = await EnvironmentVector.ConnectAsync([server.Url], "sepsis", 3, ObservedState, seed: 1);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => PpoLstm.TrainAsync(envs, EightActions, ShortRun with { NumEnvs = 3 }, new MetricsLog()));

        Assert.Contains("--num-envs 3", error.Message);
        Assert.Contains("--num-minibatches 4", error.Message);
    }

    private static PpoLstmOptions ShortRun => new()
    {
        NumEnvs = 16,
        NumSteps = 64,
        NumMinibatches = 4,
        UpdateEpochs = 4,
        LearningRate = 1e-3f,
        ClipCoef = 0.2f,
        NormReward = false,
        HiddenSize = 32,
        LstmSize = 32,
        EvalEvery = 0,
    };

    private static async Task<ActionSpace> SepsisActionSpaceAsync(Uri server)
    {
        using var http = new HttpClient();
        var schema = await new EnvHttpClient(http, new Uri(server, "/envs/sepsis")).SchemaAsync();
        return ActionSpace.FromSchema(schema.GetProperty("action"));
    }
}
