using System.Globalization;
using EnvServer.Client;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Logging;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Cli;

/// <summary>
/// <c>train --env polypharmacy --task T --algo reinforce [...]</c>: REINFORCE over an action-masked environment,
/// writing runs/{run_name}/ as the PPO path does, with the mask layout read from the environment.
/// </summary>
internal static class TrainReinforceCommand
{
    public const string Usage =
        "train --env ID --task ID --algo reinforce [--server URL[,URL...]] [--total-timesteps N] [--num-envs N] [--episodes-per-update N] " +
        "[--learning-rate X] [--ent-coef X] [--gamma X] [--hidden-size N] [--seed N] [--run-name NAME] [--runs-dir runs]";

    public static async Task<int> RunAsync(CommandLine line, IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var environmentId = line.Require("--env");
        var task = line.Require("--task");
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
        };
        if (options.NumEnvs < 1 || options.EpisodesPerUpdate < 1) throw new ArgumentException("--num-envs and --episodes-per-update must be at least 1.");

        var runName = line.Get("--run-name")
            ?? string.Create(CultureInfo.InvariantCulture, $"{environmentId}__{task}__reinforce__{options.Seed}__{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}");
        using var run = RunDirectory.Create(line.Get("--runs-dir") ?? "runs", runName, ["train", .. args]);
        var log = new MetricsLog();
        log.Subscribe(run.Write);
        log.Subscribe(metric => PrintProgress(output, log, metric));

        await using var servers = await ServerConnection.OpenAsync(line.All("--server"), ct);
        output.WriteLine($"run {runName}: reinforce on {environmentId}/{task}, {options.TotalTimesteps} steps in batches of {options.EpisodesPerUpdate} episodes, " +
            (servers.IsEmbedded ? $"embedded server {servers.Urls[0]}" : $"servers {string.Join(", ", servers.Urls)}"));

        using var http = new HttpClient();
        var schema = await new EnvHttpClient(http, new Uri(servers.Urls[0], $"/envs/{environmentId}")).SchemaAsync(ct);
        await using var envs = await EnvironmentVector.ConnectAsync(
            servers.Urls, environmentId, options.NumEnvs, new Dictionary<string, object?> { ["task_id"] = task }, options.Seed, ct);
        if (!envs.RawObservations[0].TryGetProperty(MaskedActionLayout.MaskField, out var mask))
            throw new ArgumentException($"--algo reinforce needs an observation with '{MaskedActionLayout.MaskField}'; {environmentId}'s has none.");
        var layout = MaskedActionLayout.FromSchema(schema.GetProperty("action"), mask.GetArrayLength());
        var agent = await Reinforce.TrainAsync(envs, ActionSpace.Masked(layout), options, log, ct);

        AgentCheckpoint.Save(run.ModelPath, agent, new Dictionary<string, string>
        {
            ["env"] = environmentId,
            ["task"] = task,
            ["algo"] = "reinforce",
            ["total_timesteps"] = options.TotalTimesteps.ToString(CultureInfo.InvariantCulture),
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
        });
        output.WriteLine($"saved {run.ModelPath}");
        return 0;
    }

    /// <summary>One line per update, when its last metric (charts/SPS) arrives.</summary>
    private static void PrintProgress(TextWriter output, MetricsLog log, Metric metric)
    {
        if (metric.Name != "charts/SPS") return;
        string Recent(string name)
        {
            var values = log.Values(name).TakeLast(100).ToArray();
            return values.Length > 0 ? values.Average().ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"global_step={metric.Step} episodic_return(last 100)={Recent("charts/episodic_return")} grader_score(last 100)={Recent("charts/grader_score")} " +
            $"entropy={log.Values("losses/entropy").LastOrDefault():0.000} SPS={metric.Value:0}"));
    }
}
