using System.Globalization;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Reports;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Cli;

/// <summary>
/// <c>evaluate --checkpoint F --env E --task T --episodes N [--deterministic] [--server URL] [--seed S] [--save-data [DIR]]</c>:
/// plays a saved agent and prints each episode's return and grade, and their mean and standard deviation;
/// with --save-data, also writes the rollouts, a summary and figures (see <see cref="EvaluationReport"/>) to DIR,
/// by default runs/eval__{env}__{task}__{seed}__{unix time}.
/// </summary>
internal static class EvaluateCommand
{
    public const string Usage =
        "evaluate --checkpoint FILE --env ID --task ID [--episodes 10] [--deterministic] [--server URL] [--seed 1000] " +
        "[--save-data [DIR]] [--plot-episodes 5] [--runs-dir runs]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var line = CommandLine.Parse(args, ["--deterministic"], ["--save-data"]);
        var checkpoint = line.Require("--checkpoint");
        var (agent, metadata) = AgentCheckpoint.Load(checkpoint);
        var environmentId = line.Get("--env") ?? metadata.GetValueOrDefault("env") ?? throw new ArgumentException("--env is required.");
        var task = line.Get("--task") ?? metadata.GetValueOrDefault("task") ?? throw new ArgumentException("--task is required.");
        var episodes = line.Int("--episodes", 10);
        var seed = line.Int("--seed", 1000);
        var deterministic = line.Flag("--deterministic");
        var plotEpisodes = line.Int("--plot-episodes", 5);
        if (episodes < 1) throw new ArgumentException($"--episodes {episodes}: at least one episode is needed.");

        await using var servers = await ServerConnection.OpenAsync(line.All("--server"), ct);
        // One session, so episode i always gets seed + i: the same episodes for every checkpoint.
        await using var envs = await EnvironmentVector.ConnectAsync(servers.Urls, environmentId, 1, new Dictionary<string, object?> { ["task_id"] = task }, seed, ct);
        var recorder = line.Flag("--save-data") ? new TrajectoryRecorder(envs, episodes) : null;
        var results = await PolicyEvaluation.RunAsync(agent, envs, episodes, deterministic, new Random(seed), ct, recorder is null ? null : recorder.Record);

        var summary = new EvaluationSummary(environmentId, task, checkpoint, deterministic, results);
        summary.WriteEpisodesCsv(output, withMetadata: false);
        output.WriteLine(summary.Headline());
        if (recorder is null) return 0;

        var directory = line.Get("--save-data") ?? Path.Combine(
            line.Get("--runs-dir") ?? "runs",
            string.Create(CultureInfo.InvariantCulture, $"eval__{environmentId}__{task}__{seed}__{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}"));
        var files = EvaluationReport.Write(directory, summary, recorder.Trajectories, plotEpisodes);
        output.WriteLine($"wrote {directory}: {string.Join(", ", files.Select(Path.GetFileName))}");
        return 0;
    }
}
