using System.Globalization;
using System.Text.Json;
using EnvServer.Client;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Logging;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Cli;

/// <summary>
/// <c>train --env drug-dose --task variable_patient --algo ppo [--server URL[,URL]] [--total-timesteps N] ...</c>:
/// trains over WebSocket, writes runs/{run_name}/ (metrics.jsonl, metrics.csv, TensorBoard events, command.txt,
/// model.safetensors of the last update, best.safetensors of the best deterministic evaluation) and prints a progress
/// line per update. Evaluations play <c>--eval-episodes</c> validation episodes (seeds from 1,500,000,000, which
/// training never uses) every <c>--eval-every</c> updates.
/// </summary>
internal static class TrainCommand
{
    public const string Usage =
        "train --env ID --task ID [--algo ppo] [--server URL[,URL...]] [--total-timesteps N] [--num-envs N] [--num-steps N] " +
        "[--num-minibatches N] [--update-epochs N] [--learning-rate X] [--anneal-lr true|false] [--ent-coef X] [--vf-coef X] [--clip-coef X] " +
        "[--max-grad-norm X] [--target-kl X] [--gamma X] [--gae-lambda X] [--hidden-size N] [--norm-reward true|false] [--eval-every N] " +
        "[--eval-episodes N] [--env-option key=value ...] [--seed N] [--run-name NAME] [--runs-dir runs]";

    /// <summary>First seed of the validation episodes played during training; training seeds stay far below it.</summary>
    public const long ValidationSeed = 1_500_000_000;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var line = CommandLine.Parse(args);
        var algorithm = line.Get("--algo") ?? "ppo";
        if (algorithm != "ppo") throw new ArgumentException($"--algo {algorithm}: only ppo is available in this build.");

        var environmentId = line.Require("--env");
        var task = line.Require("--task");
        var options = PpoOptionsFrom(line);
        var evalEpisodes = line.Int("--eval-episodes", 5);
        if (options.NumUpdates < 1) throw new ArgumentException($"--total-timesteps {options.TotalTimesteps} is less than one rollout of {options.BatchSize} steps.");

        var runName = line.Get("--run-name")
            ?? string.Create(CultureInfo.InvariantCulture, $"{environmentId}__{task}__{algorithm}__{options.Seed}__{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}");
        using var run = RunDirectory.Create(line.Get("--runs-dir") ?? "runs", runName, ["train", .. args]);
        var log = new MetricsLog();
        log.Subscribe(run.Write);
        log.Subscribe(metric => PrintProgress(output, log, metric));

        await using var servers = await ServerConnection.OpenAsync(line.All("--server"), ct);
        output.WriteLine($"run {runName}: {algorithm} on {environmentId}/{task}, {options.NumUpdates} updates of {options.BatchSize} steps, " +
            (servers.IsEmbedded ? $"embedded server {servers.Urls[0]}" : $"servers {string.Join(", ", servers.Urls)}"));

        var actionSpace = await ReadActionSpaceAsync(servers.Urls[0], environmentId, ct);
        var resetOptions = new Dictionary<string, object?>(line.KeyValues("--env-option")) { ["task_id"] = task };
        var runInfo = new Dictionary<string, string>
        {
            ["env"] = environmentId,
            ["task"] = task,
            ["env_options"] = JsonSerializer.Serialize(resetOptions),
            ["algo"] = algorithm,
            ["total_timesteps"] = options.TotalTimesteps.ToString(CultureInfo.InvariantCulture),
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
        };

        await using var envs = await EnvironmentVector.ConnectAsync(servers.Urls, environmentId, options.NumEnvs, resetOptions, options.Seed, ct);
        await using var validation = await EnvironmentVector.ConnectAsync(servers.Urls, environmentId, 1, resetOptions, ValidationSeed, ct);
        var best = double.NegativeInfinity;
        async Task<IReadOnlyList<EpisodeEnd>> EvaluateAsync(ActorCritic agent, long globalStep, CancellationToken token)
        {
            await validation.RestartAsync(token);
            var episodes = await PolicyEvaluation.RunAsync(agent, validation, evalEpisodes, deterministic: true, new Random(options.Seed), token);
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

        var trained = await Ppo.TrainAsync(envs, actionSpace, options, log, EvaluateAsync, ct: ct);
        AgentCheckpoint.Save(run.ModelPath, trained, runInfo);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"saved {run.ModelPath} and {run.BestModelPath} (best eval/mean_reward {best:R})"));
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
        };
    }

    internal static async Task<ActionSpace> ReadActionSpaceAsync(Uri server, string environmentId, CancellationToken ct)
    {
        using var http = new HttpClient();
        var schema = await new EnvHttpClient(http, new Uri(server, $"/envs/{environmentId}")).SchemaAsync(ct);
        return ActionSpace.FromSchema(schema.GetProperty("action"));
    }

    /// <summary>One line per update, when its last metric (charts/SPS) arrives.</summary>
    internal static void PrintProgress(TextWriter output, MetricsLog log, Metric metric)
    {
        if (metric.Name != "charts/SPS") return;
        var recent = log.All.Where(m => m.Name == "charts/episodic_return").TakeLast(10).Select(m => m.Value).ToArray();
        var meanReturn = recent.Length > 0 ? recent.Average().ToString("0.###", CultureInfo.InvariantCulture) : "n/a";
        var kl = log.Values("losses/approx_kl").LastOrDefault();
        var evaluation = log.All.LastOrDefault(m => m.Name == "eval/mean_reward" && m.Step == metric.Step) is { } e
            ? string.Create(CultureInfo.InvariantCulture, $" eval/mean_reward={e.Value:0.###}")
            : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"global_step={metric.Step} episodic_return(last 10)={meanReturn}{evaluation} approx_kl={kl:0.0000} SPS={metric.Value:0}"));
    }
}
