using System.Globalization;
using System.Text.Json;
using EnvServer.Api.Cli;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Reports;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Cli;

/// <summary>
/// <c>evaluate --checkpoint F --env E --task T --episodes N [--deterministic] [--server URL] [--seed S] [--sweep NAME=A..B] [--save-data [DIR]]</c>:
/// plays a saved agent and prints each episode's return and grade, and their mean and standard deviation.
/// Episodes use the reset options the agent was trained with (checkpoint metadata <c>env_options</c>), overridden by
/// <c>--env-option key=value</c>, and test seeds from 2,000,000,000 by default, which neither training nor its
/// validation episodes use. <c>--sweep patient_index=0..39</c> plays one episode per value of a reset option instead
/// (every patient of a fixed list). With --save-data, also writes the rollouts, a summary and figures
/// (see <see cref="EvaluationReport"/>) to DIR, by default runs/eval__{env}__{task}__{seed}__{unix time}.
/// </summary>
internal static class EvaluateCommand
{
    public const string Usage =
        "evaluate --checkpoint FILE --env ID --task ID [--episodes 10] [--deterministic] [--server URL (key: API_KEY)] [--seed 2000000000] " +
        "[--env-option key=value ...] [--sweep NAME=FIRST..LAST] [--save-data [DIR]] [--plot-episodes 5] [--runs-dir runs] [--device cpu|cuda]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var line = CommandLine.Parse(args, ["--deterministic"], ["--save-data"]);
        var checkpoint = line.Require("--checkpoint");
        (string Name, int First, int Last)? sweep = line.Get("--sweep") is { } text ? Sweep(text) : null;
        var device = Networks.TorchDevice.Parse(line.Get("--device") ?? Networks.TorchDevice.Default);
        var (agent, metadata) = AgentCheckpoint.Load(checkpoint);
        AgentCheckpoint.MoveTo(agent, device);
        var environmentId = line.Get("--env") ?? metadata.GetValueOrDefault("env") ?? throw new ArgumentException("--env is required.");
        var task = line.Get("--task") ?? metadata.GetValueOrDefault("task") ?? throw new ArgumentException("--task is required.");
        var episodes = line.Int("--episodes", 10);
        var seed = line.Int("--seed", 2_000_000_000);
        var resetOptions = metadata.TryGetValue("env_options", out var trained)
            ? JsonSerializer.Deserialize<Dictionary<string, object?>>(trained)!
            : [];
        foreach (var (key, value) in line.KeyValues("--env-option")) resetOptions[key] = value;
        resetOptions["task_id"] = task;
        var deterministic = line.Flag("--deterministic");
        var plotEpisodes = line.Int("--plot-episodes", 5);
        if (episodes < 1) throw new ArgumentException($"--episodes {episodes}: at least one episode is needed.");
        var saveData = line.Flag("--save-data");
        var random = new Random(seed);
        var trajectories = new List<Trajectory>();

        await using var servers = await ServerConnection.OpenAsync(line.All("--server"), ct);
        // One session, so episode i always gets seed + i: the same episodes for every checkpoint.
        async Task<IReadOnlyList<EpisodeEnd>> PlayAsync(Dictionary<string, object?> options, long firstSeed, int count)
        {
            await using var envs = await EnvironmentVector.ConnectAsync(servers, environmentId, 1, options, firstSeed, ct);
            var recorder = saveData ? new TrajectoryRecorder(envs, count) : null;
            var played = await PolicyEvaluation.RunAsync(agent, envs, count, deterministic, random, ct, recorder is null ? null : recorder.Record);
            if (recorder is not null) trajectories.AddRange(recorder.Trajectories);
            return played;
        }

        var results = new List<EpisodeEnd>();
        if (sweep is not { } range)
        {
            results.AddRange(await PlayAsync(resetOptions, seed, episodes));
        }
        else
        {
            for (var value = range.First; value <= range.Last; value++)
            {
                results.AddRange(await PlayAsync(new(resetOptions) { [range.Name] = value }, seed + results.Count, 1));
            }
        }

        var summary = new EvaluationSummary(environmentId, task, checkpoint, deterministic, results);
        summary.WriteEpisodesCsv(output, withMetadata: false);
        output.WriteLine(summary.Headline());
        if (!saveData) return 0;

        var directory = line.Get("--save-data") ?? Path.Combine(
            line.Get("--runs-dir") ?? "runs",
            string.Create(CultureInfo.InvariantCulture, $"eval__{environmentId}__{task}__{seed}__{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}"));
        var files = EvaluationReport.Write(directory, summary, trajectories, plotEpisodes);
        output.WriteLine($"wrote {directory}: {string.Join(", ", files.Select(Path.GetFileName))}");
        return 0;
    }

    private static (string Name, int First, int Last) Sweep(string text)
    {
        var parts = text.Split('=', 2);
        var range = parts.Length == 2 ? parts[1].Split("..") : [];
        if (range.Length != 2 || !int.TryParse(range[0], CultureInfo.InvariantCulture, out var first) || !int.TryParse(range[1], CultureInfo.InvariantCulture, out var last) || last < first)
            throw new ArgumentException($"--sweep: '{text}' is not NAME=FIRST..LAST, e.g. patient_index=0..39.");
        return (parts[0], first, last);
    }
}
