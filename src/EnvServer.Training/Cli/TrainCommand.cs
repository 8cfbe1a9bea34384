using System.Globalization;
using System.Text.Json;
using EnvServer.Api.Cli;
using EnvServer.Client;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Logging;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Cli;

/// <summary>
/// <c>train --env drug-dose --task variable_patient --algo ppo|dqn [--server URL[,URL]] [--total-timesteps N] ...</c>:
/// trains over WebSocket, writes runs/{run_name}/ (metrics.jsonl, metrics.csv, TensorBoard events, command.txt,
/// model.safetensors of the last update, best.safetensors of the best deterministic evaluation, learning_curve.svg)
/// and prints a progress
/// line per update. Evaluations play <c>--eval-episodes</c> validation episodes (seeds from 1,500,000,000, which
/// training never uses) every <c>--eval-every</c> updates (PPO) or <c>--eval-frequency</c> steps (DQN).
/// </summary>
internal static class TrainCommand
{
    public const string Usage =
        "train --env ID --task ID [--algo ppo|ppo-lstm|dqn|reinforce] [--server URL[,URL...] (key: API_KEY)] [--total-timesteps N] [--num-envs N] [--learning-rate X] [--gamma X] " +
        "[--hidden-size N] [--eval-episodes N] [--env-option key=value ...] [--seed N] [--device cpu|cuda] [--run-name NAME] [--runs-dir runs]\n" +
        "  ppo: [--num-steps N] [--num-minibatches N] [--update-epochs N] [--anneal-lr true|false] [--ent-coef X] [--vf-coef X] [--clip-coef X] " +
        "[--max-grad-norm X] [--target-kl X] [--gae-lambda X] [--norm-reward true|false] [--eval-every UPDATES]\n" +
        "  ppo-lstm (recurrent, discrete actions): the ppo flags, and [--lstm-size N] [--time-feature true|false] [--bootstrap-truncated true|false]\n" +
        "  dqn: [--anneal-lr true|false] [--buffer-size N] [--batch-size N] [--tau X] [--target-network-frequency N] [--start-e X] [--end-e X] [--exploration-fraction X] " +
        "[--learning-starts N] [--train-frequency N] [--n-step N] [--reward-scale X] [--prioritized true|false] [--priority-alpha X] [--priority-beta X] " +
        "[--max-grad-norm X] [--eval-frequency STEPS]\n" +
        "  reinforce (masked actions, e.g. polypharmacy): [--episodes-per-update N] [--ent-coef X]";

    /// <summary>First seed of the validation episodes played during training; training seeds stay far below it.</summary>
    public const long ValidationSeed = 1_500_000_000;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var line = CommandLine.Parse(args);
        var algorithm = line.Get("--algo") ?? "ppo";
        var plan = algorithm switch
        {
            "ppo" => PlanPpo(line),
            "ppo-lstm" => PlanPpoLstm(line),
            "dqn" => PlanDqn(line),
            "reinforce" => PlanReinforce(line),
            _ => throw new ArgumentException($"--algo {algorithm}: expected ppo, ppo-lstm, dqn or reinforce."),
        };
        var environmentId = line.Require("--env");
        var task = line.Require("--task");
        var evalEpisodes = line.Int("--eval-episodes", 5);

        var runName = line.Get("--run-name")
            ?? string.Create(CultureInfo.InvariantCulture, $"{environmentId}__{task}__{algorithm}__{plan.Seed}__{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}");
        using var run = RunDirectory.Create(line.Get("--runs-dir") ?? "runs", runName, ["train", .. args]);
        var log = new MetricsLog();
        log.Subscribe(run.Write);
        log.Subscribe(metric => PrintProgress(output, log, metric));

        await using var servers = await ServerConnection.OpenAsync(line.All("--server"), ct);
        output.WriteLine($"run {runName}: {algorithm} on {environmentId}/{task}, {plan.Summary}, " +
            (servers.IsEmbedded ? $"embedded server {servers.Urls[0]}" : $"servers {string.Join(", ", servers.Urls)}"));

        var resetOptions = new Dictionary<string, object?>(line.KeyValues("--env-option")) { ["task_id"] = task };
        var runInfo = new Dictionary<string, string>
        {
            ["env"] = environmentId,
            ["task"] = task,
            ["env_options"] = JsonSerializer.Serialize(resetOptions),
            ["algo"] = algorithm,
            ["command"] = string.Join(' ', ["train", .. args]),
            ["total_timesteps"] = plan.TotalTimesteps.ToString(CultureInfo.InvariantCulture),
            ["seed"] = plan.Seed.ToString(CultureInfo.InvariantCulture),
        };

        await using var envs = await EnvironmentVector.ConnectAsync(servers, environmentId, plan.NumEnvs, resetOptions, plan.Seed, ct);
        await using var validation = await EnvironmentVector.ConnectAsync(servers, environmentId, 1, resetOptions, ValidationSeed, ct);
        var actionSpace = await ReadActionSpaceAsync(servers, environmentId, envs.RawObservations[0], ct);
        var best = double.NegativeInfinity;
        async Task<IReadOnlyList<EpisodeEnd>> EvaluateAsync(IPolicy agent, long globalStep, CancellationToken token)
        {
            await validation.RestartAsync(token);
            var episodes = await PolicyEvaluation.RunAsync(agent, validation, evalEpisodes, deterministic: true, new Random(plan.Seed), token);
            var mean = episodes.Average(e => e.Return);
            if (mean > best)
            {
                best = mean;
                AgentCheckpoint.Save(run.BestModelPath, agent, new Dictionary<string, string>(runInfo)
                {
                    ["global_step"] = globalStep.ToString(CultureInfo.InvariantCulture),
                    ["eval_mean_reward"] = mean.ToString("R", CultureInfo.InvariantCulture),
                });
            }

            return episodes;
        }

        var trained = await plan.Train(envs, actionSpace, log, EvaluateAsync, ct);
        AgentCheckpoint.Save(run.ModelPath, trained, runInfo);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"saved {run.ModelPath} and {run.BestModelPath} (best eval/mean_reward {best:R})"));
        output.WriteLine($"saved {Reports.LearningCurveFigure.SaveInto(run.Path, log.All)}");
        return 0;
    }

    /// <summary>PPO's hyperparameters from the command line's flags, PpoOptions' defaults for the rest.</summary>
    internal static PpoOptions PpoOptionsFrom(CommandLine line)
    {
        var defaults = new PpoOptions();
        return defaults with
        {
            TotalTimesteps = line.Int("--total-timesteps", defaults.TotalTimesteps),
            NumEnvs = line.Int("--num-envs", defaults.NumEnvs),
            NumSteps = line.Int("--num-steps", defaults.NumSteps),
            NumMinibatches = line.Int("--num-minibatches", defaults.NumMinibatches),
            UpdateEpochs = line.Int("--update-epochs", defaults.UpdateEpochs),
            LearningRate = line.Float("--learning-rate", defaults.LearningRate),
            AnnealLr = line.Bool("--anneal-lr", defaults.AnnealLr),
            EntCoef = line.Float("--ent-coef", defaults.EntCoef),
            VfCoef = line.Float("--vf-coef", defaults.VfCoef),
            ClipCoef = line.Float("--clip-coef", defaults.ClipCoef),
            MaxGradNorm = line.Float("--max-grad-norm", defaults.MaxGradNorm),
            TargetKl = line.Get("--target-kl") is null ? defaults.TargetKl : line.Float("--target-kl", 0),
            Gamma = line.Float("--gamma", defaults.Gamma),
            GaeLambda = line.Float("--gae-lambda", defaults.GaeLambda),
            HiddenSize = line.Int("--hidden-size", defaults.HiddenSize),
            NormReward = line.Bool("--norm-reward", defaults.NormReward),
            EvalEvery = line.Int("--eval-every", defaults.EvalEvery),
            Seed = line.Int("--seed", defaults.Seed),
            Device = Device(line),
        };
    }

    /// <summary>The --device option, checked before any connection is made (cuda needs a CUDA backend).</summary>
    internal static string Device(CommandLine line)
    {
        var device = line.Get("--device") ?? Networks.TorchDevice.Default;
        Networks.TorchDevice.Parse(device);
        return device;
    }

    private static TrainingPlan PlanPpo(CommandLine line)
    {
        var options = PpoOptionsFrom(line);
        if (options.NumUpdates < 1) throw new ArgumentException($"--total-timesteps {options.TotalTimesteps} is less than one rollout of {options.BatchSize} steps.");
        return new TrainingPlan(options.NumEnvs, options.Seed, options.TotalTimesteps, $"{options.NumUpdates} updates of {options.BatchSize} steps",
            async (envs, actionSpace, log, evaluate, ct) => await Ppo.TrainAsync(envs, actionSpace, options, log, evaluate, ct: ct));
    }

    private static TrainingPlan PlanPpoLstm(CommandLine line)
    {
        // PPO's flags, read as for --algo ppo; where a flag is absent the recurrent defaults (ppo_atari_lstm.py's) win over PPO's.
        var ppo = PpoOptionsFrom(line);
        var defaults = new PpoLstmOptions();
        var options = defaults with
        {
            TotalTimesteps = ppo.TotalTimesteps,
            NumEnvs = line.Get("--num-envs") is null ? defaults.NumEnvs : ppo.NumEnvs,
            NumSteps = line.Get("--num-steps") is null ? defaults.NumSteps : ppo.NumSteps,
            NumMinibatches = line.Get("--num-minibatches") is null ? defaults.NumMinibatches : ppo.NumMinibatches,
            UpdateEpochs = line.Get("--update-epochs") is null ? defaults.UpdateEpochs : ppo.UpdateEpochs,
            LearningRate = line.Get("--learning-rate") is null ? defaults.LearningRate : ppo.LearningRate,
            EntCoef = line.Get("--ent-coef") is null ? defaults.EntCoef : ppo.EntCoef,
            ClipCoef = line.Get("--clip-coef") is null ? defaults.ClipCoef : ppo.ClipCoef,
            AnnealLr = ppo.AnnealLr,
            VfCoef = ppo.VfCoef,
            MaxGradNorm = ppo.MaxGradNorm,
            TargetKl = ppo.TargetKl,
            Gamma = ppo.Gamma,
            GaeLambda = ppo.GaeLambda,
            HiddenSize = ppo.HiddenSize,
            NormReward = ppo.NormReward,
            EvalEvery = ppo.EvalEvery,
            Seed = ppo.Seed,
            LstmSize = line.Int("--lstm-size", defaults.LstmSize),
            TimeFeature = line.Bool("--time-feature", defaults.TimeFeature),
            BootstrapTruncated = line.Bool("--bootstrap-truncated", defaults.BootstrapTruncated),
        };
        if (options.NumUpdates < 1) throw new ArgumentException($"--total-timesteps {options.TotalTimesteps} is less than one rollout of {options.BatchSize} steps.");
        if (options.NumMinibatches < 1 || options.NumEnvs % options.NumMinibatches != 0)
            throw new ArgumentException($"--num-envs {options.NumEnvs} is not a multiple of --num-minibatches {options.NumMinibatches}: a ppo-lstm minibatch is a set of whole sessions.");
        return new TrainingPlan(options.NumEnvs, options.Seed, options.TotalTimesteps,
            $"{options.NumUpdates} updates of {options.NumEnvs} sequences of {options.NumSteps} steps, LSTM {options.LstmSize}{(options.TimeFeature ? ", time feature" : "")}",
            async (envs, actionSpace, log, evaluate, ct) => await PpoLstm.TrainAsync(envs, actionSpace, options, log, evaluate, ct));
    }

    private static TrainingPlan PlanDqn(CommandLine line)
    {
        var defaults = new DqnOptions();
        var options = defaults with
        {
            TotalTimesteps = line.Int("--total-timesteps", defaults.TotalTimesteps),
            LearningRate = line.Float("--learning-rate", defaults.LearningRate),
            AnnealLr = line.Bool("--anneal-lr", defaults.AnnealLr),
            NumEnvs = line.Int("--num-envs", defaults.NumEnvs),
            BufferSize = line.Int("--buffer-size", defaults.BufferSize),
            Gamma = line.Float("--gamma", defaults.Gamma),
            Tau = line.Float("--tau", defaults.Tau),
            TargetNetworkFrequency = line.Int("--target-network-frequency", defaults.TargetNetworkFrequency),
            BatchSize = line.Int("--batch-size", defaults.BatchSize),
            StartE = line.Float("--start-e", defaults.StartE),
            EndE = line.Float("--end-e", defaults.EndE),
            ExplorationFraction = line.Float("--exploration-fraction", defaults.ExplorationFraction),
            LearningStarts = line.Int("--learning-starts", defaults.LearningStarts),
            TrainFrequency = line.Int("--train-frequency", defaults.TrainFrequency),
            NStep = line.Int("--n-step", defaults.NStep),
            RewardScale = line.Float("--reward-scale", defaults.RewardScale),
            Prioritized = line.Bool("--prioritized", defaults.Prioritized),
            PriorityAlpha = line.Float("--priority-alpha", defaults.PriorityAlpha),
            PriorityBeta = line.Float("--priority-beta", defaults.PriorityBeta),
            MaxGradNorm = line.Float("--max-grad-norm", defaults.MaxGradNorm),
            HiddenSize = line.Int("--hidden-size", defaults.HiddenSize),
            EvalFrequency = line.Int("--eval-frequency", defaults.EvalFrequency),
            Seed = line.Int("--seed", defaults.Seed),
            Device = Device(line),
        };
        if (options.NStep < 1) throw new ArgumentException($"--n-step {options.NStep}: at least 1.");
        return new TrainingPlan(options.NumEnvs, options.Seed, options.TotalTimesteps,
            $"{options.TotalTimesteps} steps, {(options.Prioritized ? "prioritized" : "uniform")} replay of {options.BufferSize}, {options.NStep}-step returns",
            async (envs, actionSpace, log, evaluate, ct) => await Dqn.TrainAsync(envs, actionSpace, options, log, evaluate, ct));
    }

    /// <summary>The action space of an environment without an action mask (one action field), from its schema.</summary>
    internal static async Task<ActionSpace> ReadActionSpaceAsync(ServerConnection servers, string environmentId, CancellationToken ct) =>
        ActionSpace.FromSchema((await ReadSchemaAsync(servers, environmentId, ct)).GetProperty("action"));

    /// <summary>The environment's action space from its schema; indexed by the action mask when the observation has one.</summary>
    internal static async Task<ActionSpace> ReadActionSpaceAsync(ServerConnection servers, string environmentId, JsonElement observation, CancellationToken ct)
    {
        var schema = await ReadSchemaAsync(servers, environmentId, ct);
        return observation.TryGetProperty(MaskedActionLayout.MaskField, out var mask)
            ? ActionSpace.Masked(MaskedActionLayout.FromSchema(schema.GetProperty("action"), mask.GetArrayLength()))
            : ActionSpace.FromSchema(schema.GetProperty("action"));
    }

    private static Task<JsonElement> ReadSchemaAsync(ServerConnection servers, string environmentId, CancellationToken ct) =>
        servers.Http(new Uri(servers.Urls[0], $"/envs/{environmentId}")).SchemaAsync(ct);

    private static TrainingPlan PlanReinforce(CommandLine line)
    {
        var defaults = new ReinforceOptions();
        var options = defaults with
        {
            TotalTimesteps = line.Int("--total-timesteps", defaults.TotalTimesteps),
            NumEnvs = line.Int("--num-envs", defaults.NumEnvs),
            EpisodesPerUpdate = line.Int("--episodes-per-update", defaults.EpisodesPerUpdate),
            LearningRate = line.Float("--learning-rate", defaults.LearningRate),
            EntCoef = line.Float("--ent-coef", defaults.EntCoef),
            Gamma = line.Float("--gamma", defaults.Gamma),
            HiddenSize = line.Int("--hidden-size", defaults.HiddenSize),
            Seed = line.Int("--seed", defaults.Seed),
            Device = Device(line),
        };
        if (options.NumEnvs < 1 || options.EpisodesPerUpdate < 1) throw new ArgumentException("--num-envs and --episodes-per-update must be at least 1.");
        return new TrainingPlan(options.NumEnvs, options.Seed, options.TotalTimesteps, $"{options.TotalTimesteps} steps in batches of {options.EpisodesPerUpdate} episodes",
            async (envs, actionSpace, log, evaluate, ct) =>
            {
                var agent = await Reinforce.TrainAsync(envs, actionSpace, options, log, ct);
                EpisodeMetrics.RecordEvaluation(log, options.TotalTimesteps, await evaluate(agent, options.TotalTimesteps, ct));
                return agent;
            });
    }

    /// <summary>What an algorithm needs from the command line, and how to run it.</summary>
    private sealed record TrainingPlan(
        int NumEnvs, int Seed, int TotalTimesteps, string Summary,
        Func<EnvironmentVector, ActionSpace, MetricsLog, PolicyEvaluator, CancellationToken, Task<IPolicy>> Train);

    /// <summary>One line per update (PPO) or per 100 gradient steps (DQN), when charts/SPS arrives.</summary>
    internal static void PrintProgress(TextWriter output, MetricsLog log, Metric metric)
    {
        if (metric.Name != "charts/SPS") return;
        var recent = log.All.Where(m => m.Name == "charts/episodic_return").TakeLast(10).Select(m => m.Value).ToArray();
        var meanReturn = recent.Length > 0 ? recent.Average().ToString("0.###", CultureInfo.InvariantCulture) : "n/a";
        var loss = log.All.LastOrDefault(m => m.Name is "losses/approx_kl" or "losses/td_loss");
        var lossText = loss is null ? "" : string.Create(CultureInfo.InvariantCulture, $" {loss.Name[7..]}={loss.Value:0.0000}");
        var evaluation = log.All.LastOrDefault(m => m.Name == "eval/mean_reward") is { } e
            ? string.Create(CultureInfo.InvariantCulture, $" eval/mean_reward={e.Value:0.###}")
            : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"global_step={metric.Step} episodic_return(last 10)={meanReturn}{evaluation}{lossText} SPS={metric.Value:0}"));
    }
}
