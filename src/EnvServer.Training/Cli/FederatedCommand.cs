using System.Globalization;
using EnvServer.Api.Cli;
using EnvServer.Training.Federated;
using EnvServer.Training.Federated.RiskClassifier;

namespace EnvServer.Training.Cli;

/// <summary>
/// <c>federated serve|join|launch|compare</c>: the coordinator, a client, both started locally as child processes
/// (the seeds' local launcher), and the standalone-versus-federated comparison on held-out patients.
/// </summary>
internal static class FederatedCommand
{
    public const string Usage =
        "federated serve [--urls http://0.0.0.0:8090] [--out DIR] [--rounds 10] [--min-clients 2] [--strategy fedavg|fedprox|fedadam] [--proximal-mu 0.01] " +
        "[--server-lr 0.01] [--round-timeout SECONDS] [--heartbeat-timeout 30] [--dp-clip C --dp-noise SIGMA] [--seed 1]\n" +
        "  federated join --coordinator URL --name NAME [--model ppo|risk] [ppo: --env hiv --task randomized_patient --cohort ID --local-steps 100000 " +
        "--eval-episodes 5 --server URL (key: API_KEY), train's PPO flags, --env-option key=value] [risk: --hospital K --hospitals N --samples 3000 --local-epochs 2 --lr 0.001] [--seed 1]\n" +
        "  federated launch --clients 3 [--model ppo|risk] [--cohorts hospital_a,hospital_b,hospital_c] [serve's and join's flags]\n" +
        "  federated compare --federated FILE --cohorts ID,ID,... [--test-cohorts ID,...] [--steps-per-hospital N] [--episodes 10] [--out DIR] [--reuse] [--baselines DIR] [train's PPO flags]";

    /// <summary>Flags that configure the coordinator; <c>launch</c> hands the others to the clients.</summary>
    internal static readonly string[] ServeFlags =
        ["--out", "--rounds", "--min-clients", "--strategy", "--proximal-mu", "--server-lr", "--round-timeout", "--heartbeat-timeout", "--heartbeat-interval", "--dp-clip", "--dp-noise"];

    public static Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct) => args switch
    {
        ["serve", .. var rest] => ServeAsync(CommandLine.Parse(rest), output, ct),
        ["join", .. var rest] => JoinAsync(CommandLine.Parse(rest), output, ct),
        ["launch", .. var rest] => FederatedLauncher.RunAsync(rest, output, ct),
        ["compare", .. var rest] => FederatedComparison.RunAsync(CommandLine.Parse(rest, "--reuse"), output, ct),
        _ => throw new ArgumentException("federated needs one of: serve, join, launch, compare."),
    };

    internal static CoordinatorOptions CoordinatorOptionsFrom(CommandLine line)
    {
        var defaults = new CoordinatorOptions();
        var strategy = line.Get("--strategy") ?? "fedavg";
        return defaults with
        {
            Rounds = line.Int("--rounds", defaults.Rounds),
            MinClients = line.Int("--min-clients", defaults.MinClients),
            Strategy = Enum.TryParse<FederatedStrategy>(strategy, ignoreCase: true, out var parsed)
                ? parsed
                : throw new ArgumentException($"--strategy {strategy}: expected fedavg, fedprox or fedadam."),
            ProximalMu = line.Float("--proximal-mu", defaults.ProximalMu),
            FedAdam = defaults.FedAdam with { ServerLearningRate = line.Float("--server-lr", (float)defaults.FedAdam.ServerLearningRate) },
            RoundTimeout = Seconds(line, "--round-timeout", defaults.RoundTimeout),
            HeartbeatInterval = Seconds(line, "--heartbeat-interval", defaults.HeartbeatInterval),
            HeartbeatTimeout = Seconds(line, "--heartbeat-timeout", defaults.HeartbeatTimeout),
            Privacy = line.Get("--dp-clip") is null
                ? null
                : new DifferentialPrivacyOptions { ClippingNorm = line.Float("--dp-clip", 1f), NoiseMultiplier = line.Float("--dp-noise", 1f) },
            Seed = line.Int("--seed", defaults.Seed),
        };
    }

    private static async Task<int> ServeAsync(CommandLine line, TextWriter output, CancellationToken ct)
    {
        var options = CoordinatorOptionsFrom(line);
        var directory = line.Get("--out")
            ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"federated__{options.Strategy.ToString().ToLowerInvariant()}__{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}"));
        var store = new CoordinatorStore(directory);
        var log = TextWriter.Synchronized(output);
        var coordinator = new Coordinator(options, store, TimeProvider.System, log);
        await using var server = await CoordinatorServer.StartAsync(coordinator, line.Get("--urls") ?? "http://0.0.0.0:8090", ct);
        log.WriteLine($"coordinator listening on {server.Url}");
        log.WriteLine($"coordinator: {options.Strategy} for {options.Rounds} rounds, at least {options.MinClients} clients per round, writing {directory}" +
            (options.Privacy is { } p ? string.Create(CultureInfo.InvariantCulture, $", DP clipping norm {p.ClippingNorm} noise multiplier {p.NoiseMultiplier}") : ""));

        await coordinator.Finished.WaitAsync(ct);
        // Let the clients hear that the federation is finished before the server goes away.
        var grace = DateTimeOffset.UtcNow + options.HeartbeatTimeout;
        while (!coordinator.AllClientsReleased() && DateTimeOffset.UtcNow < grace) await Task.Delay(200, ct);
        log.WriteLine($"coordinator: finished; final global model {store.GlobalPath(options.Rounds)}");
        return 0;
    }

    private static async Task<int> JoinAsync(CommandLine line, TextWriter output, CancellationToken ct)
    {
        var coordinator = new Uri(line.Require("--coordinator").TrimEnd('/') + "/");
        var model = line.Get("--model") ?? "ppo";
        var log = TextWriter.Synchronized(output);
        using var http = new HttpClient();
        if (model == "risk")
        {
            var defaults = new RiskClientOptions();
            var options = defaults with
            {
                Hospital = line.Int("--hospital", defaults.Hospital),
                Hospitals = line.Int("--hospitals", defaults.Hospitals),
                Samples = line.Int("--samples", defaults.Samples),
                LocalEpochs = line.Int("--local-epochs", defaults.LocalEpochs),
                LearningRate = line.Float("--lr", defaults.LearningRate),
                HiddenSize = line.Int("--hidden-size", defaults.HiddenSize),
                Seed = line.Int("--seed", defaults.Seed),
            };
            var name = line.Get("--name") ?? string.Create(CultureInfo.InvariantCulture, $"hospital_{options.Hospital}");
            await new FederatedClient(http, coordinator, name, new RiskClassifierTrainer(options), log).RunAsync(ct);
            return 0;
        }

        if (model != "ppo") throw new ArgumentException($"--model {model}: expected ppo or risk.");
        var environmentId = line.Get("--env") ?? "hiv";
        var resetOptions = new Dictionary<string, object?>(line.KeyValues("--env-option")) { ["task_id"] = line.Get("--task") ?? "randomized_patient" };
        if (line.Get("--cohort") is { } cohort) resetOptions["cohort"] = cohort;
        var ppoDefaults = new PpoClientOptions();
        var ppo = ppoDefaults with
        {
            EnvironmentId = environmentId,
            ResetOptions = resetOptions,
            LocalSteps = line.Int("--local-steps", ppoDefaults.LocalSteps),
            Ppo = TrainCommand.PpoOptionsFrom(line),
            EvalEpisodes = line.Int("--eval-episodes", ppoDefaults.EvalEpisodes),
            Seed = line.Int("--seed", ppoDefaults.Seed),
        };

        await using var servers = await ServerConnection.OpenAsync(line.All("--server"), ct);
        var actionSpace = await TrainCommand.ReadActionSpaceAsync(servers, environmentId, ct);
        var clientName = line.Get("--name") ?? line.Get("--cohort") ?? "client";
        log.WriteLine($"{clientName}: PPO on {environmentId} with {string.Join(", ", resetOptions.Select(o => $"{o.Key}={o.Value}"))}, " +
            $"{ppo.LocalSteps} local steps per round, " + (servers.IsEmbedded ? $"embedded server {servers.Urls[0]}" : $"servers {string.Join(", ", servers.Urls)}"));
        await new FederatedClient(http, coordinator, clientName, new PpoClientTrainer(ppo, servers, actionSpace), log).RunAsync(ct);
        return 0;
    }

    private static TimeSpan Seconds(CommandLine line, string name, TimeSpan fallback) =>
        line.Get(name) is null ? fallback : TimeSpan.FromSeconds(line.Float(name, 0));
}
