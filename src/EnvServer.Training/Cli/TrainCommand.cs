using System.Globalization;
using EnvServer.Client;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Logging;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Cli;

/// <summary>
/// <c>train --env drug-dose --task variable_patient --algo ppo [--server URL[,URL]] [--total-timesteps N] ...</c>:
/// trains over WebSocket, writes runs/{run_name}/ (metrics.jsonl, metrics.csv, command.txt,
/// model.safetensors) and prints a progress line per update.
/// </summary>
internal static class TrainCommand
{
    public const string Usage =
        "train --env ID --task ID [--algo ppo] [--server URL[,URL...]] [--total-timesteps N] [--num-envs N] [--num-steps N] " +
        "[--num-minibatches N] [--update-epochs N] [--learning-rate X] [--ent-coef X] [--gamma X] [--seed N] [--run-name NAME] [--runs-dir runs]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var line = CommandLine.Parse(args);
        var algorithm = line.Get("--algo") ?? "ppo";
        if (algorithm != "ppo") throw new ArgumentException($"--algo {algorithm}: only ppo is available in this build.");

        var environmentId = line.Require("--env");
        var task = line.Require("--task");
        var defaults = new PpoOptions();
        var options = defaults with
        {
            TotalTimesteps = line.Int("--total-timesteps", defaults.TotalTimesteps),
            NumEnvs = line.Int("--num-envs", defaults.NumEnvs),
            NumSteps = line.Int("--num-steps", defaults.NumSteps),
            NumMinibatches = line.Int("--num-minibatches", defaults.NumMinibatches),
            UpdateEpochs = line.Int("--update-epochs", defaults.UpdateEpochs),
            LearningRate = line.Float("--learning-rate", defaults.LearningRate),
            EntCoef = line.Float("--ent-coef", defaults.EntCoef),
            Gamma = line.Float("--gamma", defaults.Gamma),
            Seed = line.Int("--seed", defaults.Seed),
        };
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
        var resetOptions = new Dictionary<string, object?> { ["task_id"] = task };
        await using var envs = await EnvironmentVector.ConnectAsync(servers.Urls, environmentId, options.NumEnvs, resetOptions, options.Seed, ct);
        var agent = await Ppo.TrainAsync(envs, actionSpace, options, log, ct);

        AgentCheckpoint.Save(run.ModelPath, agent, new Dictionary<string, string>
        {
            ["env"] = environmentId,
            ["task"] = task,
            ["algo"] = algorithm,
            ["total_timesteps"] = options.TotalTimesteps.ToString(CultureInfo.InvariantCulture),
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
        });
        output.WriteLine($"saved {run.ModelPath}");
        output.WriteLine($"saved {Reports.LearningCurveFigure.SaveInto(run.Path, log.All)}");
        return 0;
    }

    internal static async Task<ActionSpace> ReadActionSpaceAsync(Uri server, string environmentId, CancellationToken ct)
    {
        using var http = new HttpClient();
        var schema = await new EnvHttpClient(http, new Uri(server, $"/envs/{environmentId}")).SchemaAsync(ct);
        return ActionSpace.FromSchema(schema.GetProperty("action"));
    }

    /// <summary>One line per update, when its last metric (charts/SPS) arrives.</summary>
    private static void PrintProgress(TextWriter output, MetricsLog log, Metric metric)
    {
        if (metric.Name != "charts/SPS") return;
        var recent = log.All.Where(m => m.Name == "charts/episodic_return").TakeLast(10).Select(m => m.Value).ToArray();
        var meanReturn = recent.Length > 0 ? recent.Average().ToString("0.###", CultureInfo.InvariantCulture) : "n/a";
        var kl = log.Values("losses/approx_kl").LastOrDefault();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"global_step={metric.Step} episodic_return(last 10)={meanReturn} approx_kl={kl:0.0000} SPS={metric.Value:0}"));
    }
}
