using EnvServer.Api.Cli;
using EnvServer.Client;
using EnvServer.Environments.Polypharmacy;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Logging;
using EnvServer.Training.Rollouts;
using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Training.Tests.Algorithms;

public sealed class ReinforceTests
{
    [Fact]
    public void Loss_TwoSamples_MatchesTheHandComputedValueAndNoPolicyGradientReachesTheBaseline()
    {
        // log π(a) = ln ½, ln ¼; H = 1, 0.5; V = 1, 0; G = 2, 2, so Â = G − V = 1, 2 (not normalised).
        var logProbs = tensor(new[] { MathF.Log(0.5f), MathF.Log(0.25f) }, requires_grad: true);
        var values = tensor(new[] { 1f, 0f }, requires_grad: true);

        var loss = Reinforce.Loss(logProbs, tensor(new[] { 1f, 0.5f }), values, tensor(new[] { 2f, 2f }), entCoef: 0.01f, vfCoef: 0.5f, normalizeAdvantages: false);
        loss.Total.backward();

        var policy = -(1 * Math.Log(0.5) + 2 * Math.Log(0.25)) / 2;
        var value = 0.5 * (1 + 4) / 2.0;
        Assert.Equal(policy, loss.Policy.item<float>(), 5);
        Assert.Equal(value, loss.Value.item<float>(), 5);
        Assert.Equal(policy - 0.01 * 0.75 + 0.5 * value, loss.Total.item<float>(), 5);
        // ∂/∂log π = −Â/B; ∂/∂V = vf_coef·(V − G)/B only: the baseline is detached in the advantage.
        Assert.Equal([-0.5f, -1f], logProbs.grad!.data<float>().ToArray());
        Assert.Equal([-0.25f, -0.5f], values.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Loss_NormalisedAdvantages_UseTheBatchMeanAndUnbiasedStd()
    {
        var loss = Reinforce.Loss(
            tensor(new[] { MathF.Log(0.5f), MathF.Log(0.25f) }), tensor(new[] { 1f, 0.5f }), tensor(new[] { 1f, 0f }), tensor(new[] { 2f, 2f }),
            entCoef: 0f, vfCoef: 0f, normalizeAdvantages: true);

        // Â = 1, 2: mean 1.5, std √0.5, so ±1/√2.
        var a = 1 / Math.Sqrt(2);
        Assert.Equal(-(-a * Math.Log(0.5) + a * Math.Log(0.25)) / 2, loss.Total.item<float>(), 4);
    }

    [Fact]
    public void GetActionAndValue_WithAMask_NeverChoosesAMaskedAction()
    {
        torch.manual_seed(2);
        var agent = new ActorCritic(3, new ActionSpace("action_mask", IsDiscrete: true, 8), 16);
        bool[] allowed = [false, true, false, false, true, false, true, false];
        var mask = tensor(Enumerable.Range(0, 3000).SelectMany(_ => allowed).ToArray(), [3000, 8]);
        using var generator = new Generator(9);

        var observations = 3 * randn(3000, 3);
        var (actions, logProbs, _, _) = agent.GetActionAndValue(observations, mask: mask, generator: generator);
        var counts = new int[8];
        foreach (var action in actions.data<long>()) counts[action]++;
        var mode = agent.Mode(observations, mask).data<long>().ToArray();

        Assert.All(Enumerable.Range(0, 8).Where(j => !allowed[j]), j => Assert.Equal(0, counts[j]));
        Assert.All(Enumerable.Range(0, 8).Where(j => allowed[j]), j => Assert.True(counts[j] > 300, $"action {j} drawn {counts[j]} times"));
        Assert.All(mode, action => Assert.True(allowed[action], $"the deterministic policy chose masked action {action}"));
        Assert.True(logProbs.isfinite().all().item<bool>());
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

        torch.manual_seed(options.Seed);
        var untrained = await MeanGradeAsync(server, new ActorCritic(agent.Normalizer.Mean.Length, actionSpace, options.HiddenSize));
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
