using System.Globalization;
using EnvServer.Api.Cli;
using EnvServer.Training.Cli;
using EnvServer.Training.Federated.RiskClassifier;

namespace EnvServer.Training.Federated;

/// <summary>
/// <c>federated launch</c>, the seeds' local test launcher: this worker started again as one <c>federated serve</c>
/// child process on a free loopback port and one <c>federated join</c> child per client (PPO clients each on its own
/// cohort, risk-classifier clients each on its own hospital's records), their output prefixed with the role. The
/// coordinator's flags go to serve and everything else to join. When the coordinator finishes, the risk case prints
/// the final global model's accuracy and AUC on a pooled held-out set.
/// </summary>
internal static class FederatedLauncher
{
    private const string ListeningLine = "coordinator listening on ";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var line = CommandLine.Parse(args);
        var clients = line.Int("--clients", 3);
        var model = line.Get("--model") ?? "ppo";
        var cohorts = line.All("--cohorts") is { Count: > 0 } given ? given : ["hospital_a", "hospital_b", "hospital_c", "hospital_d"];
        if (model == "ppo" && clients > cohorts.Count) throw new ArgumentException($"--clients {clients}: only {cohorts.Count} cohorts to give them.");
        var seed = line.Int("--seed", 1);
        var directory = line.Get("--out")
            ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"federated__{model}__{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}"));
        var (serveArgs, joinArgs) = Split(args);
        serveArgs.AddRange(["--out", directory, "--urls", "http://127.0.0.1:0", "--seed", seed.ToString(CultureInfo.InvariantCulture)]);
        if (line.Get("--min-clients") is null) serveArgs.AddRange(["--min-clients", clients.ToString(CultureInfo.InvariantCulture)]);

        var log = TextWriter.Synchronized(output);
        var children = new List<ChildProcess>();
        try
        {
            var coordinator = ChildProcess.Start("coordinator", ["federated", "serve", .. serveArgs], log);
            children.Add(coordinator);
            var url = await coordinator.WaitForLineAsync(ListeningLine, ct);
            for (var k = 0; k < clients; k++)
            {
                var name = model == "ppo" ? cohorts[k] : string.Create(CultureInfo.InvariantCulture, $"hospital_{k}");
                string[] role = model == "ppo"
                    ? ["--cohort", cohorts[k]]
                    : ["--hospital", k.ToString(CultureInfo.InvariantCulture), "--hospitals", clients.ToString(CultureInfo.InvariantCulture)];
                children.Add(ChildProcess.Start(name,
                    ["federated", "join", "--coordinator", url[ListeningLine.Length..], "--name", name, "--model", model, .. role,
                     "--seed", (seed + k).ToString(CultureInfo.InvariantCulture), .. joinArgs], log));
            }

            var exitCode = await coordinator.WaitForExitAsync(ct);
            foreach (var child in children.Skip(1)) await child.WaitForExitAsync(ct, TimeSpan.FromSeconds(30));
            if (exitCode == 0 && model == "risk") ReportRisk(line, directory, clients, seed, log);
            return exitCode;
        }
        finally
        {
            foreach (var child in children) child.Dispose();
        }
    }

    /// <summary>The coordinator's flags and the clients' flags (launch's own --clients, --cohorts, --seed, --out go to neither as given).</summary>
    private static (List<string> Serve, List<string> Join) Split(IReadOnlyList<string> args)
    {
        var serve = new List<string>();
        var join = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            string[] pair = hasValue ? [name, args[++i]] : [name];
            if (name is "--clients" or "--cohorts" or "--seed" or "--out" or "--model") continue;
            (FederatedCommand.ServeFlags.Contains(name) ? serve : join).AddRange(pair);
        }

        return (serve, join);
    }

    private static void ReportRisk(CommandLine line, string directory, int clients, int seed, TextWriter log)
    {
        var rounds = line.Int("--rounds", new CoordinatorOptions().Rounds);
        using var global = RiskMlp.FromModel(FederatedModelFile.Load(new CoordinatorStore(directory).GlobalPath(rounds)));
        var test = ClinicalRecords.Pooled(clients, 2000, seed + 10_000);
        var metrics = RiskClassifierTrainer.Evaluate(global, test);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"final global model on {test.Length} pooled held-out records: accuracy {metrics["eval/accuracy"]:0.000}, AUC {metrics.GetValueOrDefault("eval/auc", double.NaN):0.000}"));
    }
}
