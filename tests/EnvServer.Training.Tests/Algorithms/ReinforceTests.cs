using EnvServer.Api.Cli;
using EnvServer.Client;
using EnvServer.Environments.Polypharmacy;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Logging;
using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Rollouts;
using EnvServer.Training.Tests.NeuralNetworks;

namespace EnvServer.Training.Tests.Algorithms;

public sealed class ReinforceTests
{
    [Theory]
    [InlineData(1.3f, 0.0f)]
    [InlineData(-0.8f, 0.01f)]
    [InlineData(0.0f, 0.5f)]
    public void PolicyLoss_MaskedLogits_MatchesFiniteDifferences(float advantage, float entCoef)
    {
        var logits = GradientCheck.RandomVector(6, 8);
        bool[] mask = [false, true, true, false, true, true];
        const int action = 4;
        const int batchSize = 3;
        var logProbs = new float[6];

        double Loss()
        {
            var (policyLoss, entropy) = Reinforce.PolicyLoss(logits, mask, action, advantage, entCoef, batchSize, logProbs, new float[6]);
            return (policyLoss - entCoef * entropy) / batchSize;
        }

        var gradient = new float[6];
        Reinforce.PolicyLoss(logits, mask, action, advantage, entCoef, batchSize, logProbs, gradient);

        GradientCheck.Matches(Loss, logits, gradient, "dlogits", step: 1e-3f);
        Assert.Equal(0f, gradient[0]);
        Assert.Equal(0f, gradient[3]);
    }

    [Fact]
    public void Act_WithAMask_NeverChoosesAMaskedAction()
    {
        var agent = new ActorCritic(3, new ActionSpace("action_mask", IsDiscrete: true, 8), 16, new Random(2));
        bool[] mask = [false, true, false, false, true, false, true, false];
        var random = new Random(9);
        var scratch = new float[8];
        var counts = new int[8];
        float[] favourMasked = [0f, 0f, 0f, 0f, 0f, 5f, 0f, 0f];

        for (var i = 0; i < 3000; i++)
        {
            var logits = GradientCheck.RandomVector(8, i).Select(x => 3 * x).ToArray();
            counts[(int)agent.Act(logits, deterministic: false, random, scratch, mask).Action]++;
        }

        var mode = (int)agent.Act(favourMasked, deterministic: true, random, scratch, mask).Action;
        Assert.All(Enumerable.Range(0, 8).Where(j => !mask[j]), j => Assert.Equal(0, counts[j]));
        Assert.All(Enumerable.Range(0, 8).Where(j => mask[j]), j => Assert.True(counts[j] > 300, $"action {j} drawn {counts[j]} times"));
        Assert.True(mask[mode], $"the deterministic policy chose masked action {mode}");
    }

    [Fact]
    public async Task TrainAsync_ShortSeededRunOnEasyScreening_ImprovesTheDeterministicGrade()
    {
        await using var server = await EmbeddedServer.StartAsync();
        using var http = new HttpClient();
        var schema = await new EnvHttpClient(http, new Uri(server.Url, "/envs/polypharmacy")).SchemaAsync();
        var actionSpace = ActionSpace.Masked(MaskedActionLayout.FromSchema(schema.GetProperty("action"), ActionMask.Size));
        var options = new ReinforceOptions { TotalTimesteps = 8000, NumEnvs = 8, EpisodesPerUpdate = 16, Seed = 5 };
        var easy = new Dictionary<string, object?> { ["task_id"] = PolypharmacyTasks.EasyScreening };
        var log = new MetricsLog();

        ActorCritic agent;
        await using (var envs = await EnvironmentVector.ConnectAsync([server.Url], "polypharmacy", options.NumEnvs, easy, options.Seed))
        {
            agent = await Reinforce.TrainAsync(envs, actionSpace, options, log);
        }

        var untrained = await MeanGradeAsync(server, new ActorCritic(agent.Normalizer.Mean.Length, actionSpace, options.HiddenSize, new Random(options.Seed)));
        var trained = await MeanGradeAsync(server, agent);

        Assert.True(trained > untrained + 0.15, $"mean grade {untrained:0.000} before training, {trained:0.000} after");
        Assert.NotEmpty(log.Values("losses/policy_loss"));
        Assert.All(log.Values("losses/value_loss"), v => Assert.True(double.IsFinite(v)));
        Assert.All(log.Values("losses/entropy"), v => Assert.True(v >= 0));
    }

    /// <summary>The deterministic policy's mean grade over the first 20 easy patients.</summary>
    private static async Task<double> MeanGradeAsync(EmbeddedServer server, ActorCritic agent)
    {
        var grades = new List<double>();
        for (var patient = 0; patient < 20; patient++)
        {
            var options = new Dictionary<string, object?> { ["task_id"] = PolypharmacyTasks.EasyScreening, ["patient_index"] = patient };
            await using var envs = await EnvironmentVector.ConnectAsync([server.Url], "polypharmacy", 1, options, seed: 0);
            var episode = (await PolicyEvaluation.RunAsync(agent, envs, 1, deterministic: true, new Random(0)))[0];
            grades.Add(episode.GraderScore!.Value);
        }

        return grades.Average();
    }
}
