using System.Globalization;
using EnvServer.Api.Cli;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Cli;
using EnvServer.Training.Logging;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Federated;

/// <summary>
/// <c>federated compare</c>: trains the baselines with PPO's usual schedule (learning rate annealed over the run) and
/// the same hyperparameters as the federated clients — standalone PPO on the pooled patients of all hospitals (one
/// learner with every hospital's --num-envs sessions, session i drawing from cohort i mod k, for hospitals × steps per
/// hospital) and each hospital alone on its own cohort (its --num-envs sessions for the steps per hospital, as much as
/// it trains in the federation) — then plays every model, and the given federated global
/// model, deterministically on the same held-out patients of every test cohort (seeds from 2,000,000,000, which
/// neither training nor validation uses), and writes table.md, results.csv and chart.svg. With <c>--reuse</c> the baselines
/// already in <c>--baselines</c> (default <c>--out</c>) are loaded instead of trained, to compare another federated model.
/// </summary>
internal static class FederatedComparison
{
    public const long TestSeed = 2_000_000_000;

    public static async Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken ct)
    {
        var federatedPath = line.Require("--federated");
        var hospitals = line.All("--cohorts");
        if (hospitals.Count == 0) throw new ArgumentException("--cohorts is required: the hospitals of the federation.");
        var testCohorts = line.All("--test-cohorts") is { Count: > 0 } given ? given : hospitals;
        var stepsPerHospital = line.Int("--steps-per-hospital", 1_000_000);
        var episodes = line.Int("--episodes", 10);
        var environmentId = line.Get("--env") ?? "hiv";
        var resetOptions = new Dictionary<string, object?>(line.KeyValues("--env-option")) { ["task_id"] = line.Get("--task") ?? "randomized_patient" };
        var ppo = TrainCommand.PpoOptionsFrom(line);
        var directory = line.Get("--out") ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"compare__{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}"));
        Directory.CreateDirectory(directory);

        await using var servers = await ServerConnection.OpenAsync(line.All("--server"), ct);
        var actionSpace = await TrainCommand.ReadActionSpaceAsync(servers, environmentId, ct);
        var baseline = new Baseline(servers, environmentId, actionSpace, line.Get("--baselines") ?? directory, line.Flag("--reuse"), output);

        // One learner with every hospital's sessions: as many sessions and steps as the whole federation.
        var pooledEnvs = hospitals.Count * ppo.NumEnvs;
        var pooledSessions = Enumerable.Range(0, pooledEnvs).Select(i => WithCohort(resetOptions, hospitals[i % hospitals.Count])).ToArray();
        var (federatedAgent, federatedMetadata) = AgentCheckpoint.LoadActorCritic(federatedPath);
        var federatedName = $"federated ({federatedMetadata.GetValueOrDefault("federated_strategy", "global model")})";
        var models = new List<(string Name, ActorCritic Agent)>
        {
            (ComparisonTable.Standalone, await baseline.TrainAsync("standalone", ppo with { TotalTimesteps = hospitals.Count * stepsPerHospital, NumEnvs = pooledEnvs }, pooledSessions, ct)),
            (federatedName, federatedAgent),
        };
        foreach (var hospital in hospitals)
        {
            var sessions = Enumerable.Repeat(WithCohort(resetOptions, hospital), ppo.NumEnvs).ToArray();
            models.Add((ComparisonTable.Alone(hospital), await baseline.TrainAsync($"{hospital}_alone", ppo with { TotalTimesteps = stepsPerHospital }, sessions, ct)));
        }

        var table = new ComparisonTable(testCohorts, federatedName);
        foreach (var (name, agent) in models)
        {
            foreach (var cohort in testCohorts)
            {
                await using var envs = await EnvironmentVector.ConnectAsync(servers, environmentId, episodes, WithCohort(resetOptions, cohort), TestSeed, ct);
                var played = await PolicyEvaluation.RunAsync(agent, envs, episodes, deterministic: true, new Random(0), ct);
                table.Add(name, cohort, played.Select(e => e.Return).ToArray(), played.Where(e => e.GraderScore is not null).Select(e => e.GraderScore!.Value).ToArray());
            }
        }

        var markdown = table.Markdown(hospitals);
        var (alone, federated) = table.OnOtherHospitals(hospitals);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"federated / standalone mean return on all {testCohorts.Count * episodes} test patients: {table.FederatedOverStandalone:0.000}; " +
            $"on the other hospitals' patients: federated {federated:0.000e0} vs hospitals alone {alone:0.000e0} (mean over hospitals)");
        await File.WriteAllTextAsync(Path.Combine(directory, "table.md"), markdown + Environment.NewLine + summary + Environment.NewLine, ct);
        await File.WriteAllTextAsync(Path.Combine(directory, "results.csv"), table.Csv(), ct);
        var categories = testCohorts.Append("all").ToArray();
        var series = table.Models.Select(m => (m, testCohorts.Select(c => table.Mean(m, c)).Append(table.Mean(m)).ToArray())).ToArray();
        await File.WriteAllTextAsync(Path.Combine(directory, "chart.svg"),
            BarChartSvg.Render($"{environmentId}: mean return on {episodes} held-out patients per cohort", "mean return", categories, series), ct);

        output.WriteLine(markdown);
        output.WriteLine(summary);
        output.WriteLine($"wrote {Path.Combine(directory, "table.md")}, results.csv and chart.svg");
        return 0;
    }

    private static Dictionary<string, object?> WithCohort(IReadOnlyDictionary<string, object?> options, string cohort) =>
        new(options) { ["cohort"] = cohort };

    /// <summary>Trains (or with --reuse loads) one baseline into {out}/{name}/ as the train command lays a run out.</summary>
    private sealed class Baseline(ServerConnection servers, string environmentId, ActionSpace actionSpace, string directory, bool reuse, TextWriter output)
    {
        public async Task<ActorCritic> TrainAsync(string name, PpoOptions options, IReadOnlyList<Dictionary<string, object?>> sessions, CancellationToken ct)
        {
            var path = Path.Combine(directory, name, "model.safetensors");
            if (reuse && File.Exists(path))
            {
                output.WriteLine($"{name}: reusing {path}");
                return AgentCheckpoint.LoadActorCritic(path).Agent;
            }

            if (options.NumUpdates < 1) throw new ArgumentException($"{name}: {options.TotalTimesteps} steps are less than one rollout of {options.BatchSize}.");
            output.WriteLine($"{name}: PPO for {options.TotalTimesteps} steps ({options.NumUpdates} updates of {options.NumEnvs} sessions × {options.NumSteps} steps), cohorts {string.Join(", ", sessions.Select(s => s["cohort"]).Distinct())}");
            using var run = RunDirectory.Create(directory, name, ["federated", "compare", name]);
            var log = new MetricsLog();
            log.Subscribe(run.Write);
            log.Subscribe(metric => TrainCommand.PrintProgress(output, log, metric));
            await using var envs = await EnvironmentVector.ConnectAsync(servers, environmentId, sessions, options.Seed, ct);
            var agent = await Ppo.TrainAsync(envs, actionSpace, options, log, ct: ct);
            AgentCheckpoint.Save(run.ModelPath, agent, new Dictionary<string, string> { ["env"] = environmentId, ["algo"] = "ppo", ["baseline"] = name });
            return agent;
        }
    }
}
