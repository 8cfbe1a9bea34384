using System.Globalization;
using EnvServer.Api.Cli;
using EnvServer.Training.Bandit;
using EnvServer.Training.Logging;

namespace EnvServer.Training.Cli;

/// <summary>
/// <c>bandit [--strategy optimneuralts|random] [--total-steps N] ...</c>: OptimNeuralTS (or random search on the
/// same budget) against a seeded combination data set that the server draws (paper scale by default), writing
/// runs/{run_name}/ (metrics.jsonl, metrics.csv, TensorBoard events, command.txt) and a line per evaluation.
/// </summary>
internal static class BanditCommand
{
    public const string Usage =
        "bandit [--strategy optimneuralts|random] [--server URL (key: API_KEY)] [--total-steps 30000] [--warmup-steps 1000] [--dataset-seed 0] " +
        "[--n-rx 500] [--n-combinations 100000] [--n-patterns 10] [--mean-rx 8.7] [--noise-std 0.1] [--hidden-size 128] " +
        "[--learning-rate X] [--batch-size 64] [--updates-per-step 1] [--warmup-updates 500] [--lambda 0.001] [--exploration 1] " +
        "[--population 32] [--generations 16] [--confidence-sigmas 3] [--eval-every 1000] [--ensemble-size 10] [--ensemble-quorum 0] " +
        "[--seed 1] [--run-name NAME] [--runs-dir runs]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var line = CommandLine.Parse(args);
        var defaults = new OptimNeuralTsOptions();
        var options = defaults with
        {
            Strategy = line.Get("--strategy") switch
            {
                null or "optimneuralts" => BanditStrategy.OptimNeuralTs,
                "random" => BanditStrategy.Random,
                var other => throw new ArgumentException($"--strategy {other}: expected optimneuralts or random."),
            },
            TotalSteps = line.Int("--total-steps", defaults.TotalSteps),
            WarmupSteps = line.Int("--warmup-steps", defaults.WarmupSteps),
            HiddenSize = line.Int("--hidden-size", defaults.HiddenSize),
            LearningRate = line.Float("--learning-rate", defaults.LearningRate),
            BatchSize = line.Int("--batch-size", defaults.BatchSize),
            UpdatesPerStep = line.Int("--updates-per-step", defaults.UpdatesPerStep),
            WarmupUpdates = line.Int("--warmup-updates", defaults.WarmupUpdates),
            Lambda = line.Float("--lambda", defaults.Lambda),
            Exploration = line.Float("--exploration", defaults.Exploration),
            Population = line.Int("--population", defaults.Population),
            Generations = line.Int("--generations", defaults.Generations),
            ConfidenceSigmas = line.Float("--confidence-sigmas", defaults.ConfidenceSigmas),
            EvalEvery = line.Int("--eval-every", defaults.EvalEvery),
            EnsembleSize = line.Int("--ensemble-size", defaults.EnsembleSize),
            EnsembleQuorum = line.Float("--ensemble-quorum", (float)defaults.EnsembleQuorum),
            Seed = line.Int("--seed", defaults.Seed),
        };
        var datasetSeed = line.Int("--dataset-seed", 0);
        var settings = new Dictionary<string, object>
        {
            ["seed"] = datasetSeed,
            ["n_rx"] = line.Int("--n-rx", 500),
            ["n_combinations"] = line.Int("--n-combinations", 100_000),
            ["n_patterns"] = line.Int("--n-patterns", 10),
            ["mean_rx"] = line.Float("--mean-rx", 8.7f),
            ["noise_std"] = line.Float("--noise-std", 0.1f),
        };

        var strategy = options.Strategy == BanditStrategy.Random ? "random" : "optimneuralts";
        var runName = line.Get("--run-name")
            ?? string.Create(CultureInfo.InvariantCulture, $"bandit__{strategy}__{datasetSeed}__{options.Seed}__{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}");
        using var run = RunDirectory.Create(line.Get("--runs-dir") ?? "runs", runName, ["bandit", .. args]);
        var log = new MetricsLog();
        log.Subscribe(run.Write);
        log.Subscribe(metric => PrintProgress(output, log, metric));

        await using var servers = await ServerConnection.OpenAsync(line.All("--server"), ct);
        await using var oracle = await BanditOracleClient.CreateAsync(servers, settings, ct);
        var dataset = oracle.Dataset;
        var where = servers.IsEmbedded ? $"embedded server {servers.Urls[0]}" : $"server {servers.Urls[0]}";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {runName}: {strategy}, {options.TotalSteps} pulls ({options.WarmupSteps} warm-up) on {dataset.NCombinations} combinations of {dataset.NRx} drugs, " +
            $"{dataset.NPatterns} patterns, data set seed {dataset.Seed}; {where}"));
        await OptimNeuralTs.RunAsync(oracle, options, log, ct);
        output.WriteLine($"metrics in {run.Path}");
        return 0;
    }

    /// <summary>One line per evaluation, when its last metric (charts/SPS) arrives.</summary>
    private static void PrintProgress(TextWriter output, MetricsLog log, Metric metric)
    {
        if (metric.Name != "charts/SPS") return;
        double Last(string name) => log.Values(name).Last();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"global_step={metric.Step} precision={Last("bandit/precision"):0.000} recall={Last("bandit/recall"):0.000} " +
            $"patterns={Last("bandit/patterns_found"):0.0#} ensemble precision={Last("ensemble/precision"):0.000} recall={Last("ensemble/recall"):0.000} " +
            $"patterns={Last("ensemble/patterns_found"):0.0#} dangerous_pulls={Last("charts/dangerous_pulls")}/{Last("charts/distinct_pulls")} " +
            $"mse={Last("losses/mse"):0.0000} mean_sigma={Last("charts/mean_sigma"):0.000} SPS={metric.Value:0.0}"));
    }
}
