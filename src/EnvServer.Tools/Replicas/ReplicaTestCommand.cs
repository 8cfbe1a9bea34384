using System.Diagnostics;
using System.Globalization;
using EnvServer.Client;

namespace EnvServer.Tools.Replicas;

/// <summary>
/// <c>replica-test --url URL --victim HOST:PORT --kill-command CMD [--sessions 300] [--steps-before-kill 10]
/// [--new-sessions 300]</c>: opens the sessions through a load balancer, holds every episode at the same step,
/// kills one replica with the command, then lets the episodes finish while new sessions play whole episodes. Passes (exit 0) only if
/// exactly the killed replica's sessions were lost and every new session succeeded. Run by deploy/test-replicas.sh.
/// </summary>
internal sealed class ReplicaTestCommand : IToolCommand
{
    private const string Usage =
        "usage: replica-test (--url URL | --servers URL,URL,..) --victim HOST:PORT --kill-command CMD [--sessions N] [--steps-before-kill N] [--new-sessions N]";

    private static readonly EnvSessionOptions SessionOptions = new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(30),
        MessageTimeout = TimeSpan.FromSeconds(30),
    };

    public string Name => "replica-test";

    public string Summary => "sessions through a load balancer while one replica is killed: only its sessions may be lost";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        if (Parse(args) is not { } options)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        return RunAsync(options, output).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(ReplicaTestOptions options, TextWriter output)
    {
        using var pool = options.Url is null ? new EnvServerPool(options.Servers, new EnvServerPoolOptions { Session = SessionOptions }) : null;
        IReplicaConnector connector = pool is null
            ? new ProxyConnector(options.Url!, options.UpstreamHeader, SessionOptions)
            : new PoolConnector(pool);
        var driver = new ReplicaSessionDriver(connector, options.StepsBeforeKill);
        var clock = Stopwatch.StartNew();

        var pause = new ReplicaSessionDriver.Pause(options.Sessions);
        var running = driver.RunAsync(0, options.Sessions, pause);
        await pause.AllArrived.WaitAsync(TimeSpan.FromMinutes(2));
        var opened = clock.Elapsed;
        var killStatus = await KillAsync(options.KillCommand);
        pause.Open();
        // New sessions start at once, while the survivors finish their episodes and nginx still learns of the death.
        var after = await driver.RunAsync(options.Sessions, options.NewSessions, pause: null);
        var first = await running;

        var report = new ReplicaTestReport(options, connector.Description, first, after, opened, clock.Elapsed, killStatus, pool?.Servers);
        report.Write(output);
        return report.Failures.Count == 0 ? 0 : 1;
    }

    private static async Task<int> KillAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command])) ?? throw new InvalidOperationException("/bin/sh did not start.");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static ReplicaTestOptions? Parse(IReadOnlyList<string> args)
    {
        string[] known = ["url", "servers", "victim", "kill-command", "sessions", "steps-before-kill", "new-sessions"];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || !args[i].StartsWith("--", StringComparison.Ordinal) || !known.Contains(args[i][2..])) return null;
            values[args[i][2..]] = args[i + 1];
        }

        var defaults = new ReplicaTestOptions { Victim = "", KillCommand = "" };
        Uri? url = null;
        if (values.TryGetValue("url", out var urlText) && !Uri.TryCreate(urlText, UriKind.Absolute, out url)) return null;
        var servers = new List<Uri>();
        foreach (var text in values.GetValueOrDefault("servers", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var server)) return null;
            servers.Add(server);
        }

        if ((url is null) == (servers.Count == 0)
            || !values.TryGetValue("victim", out var victim) || !values.TryGetValue("kill-command", out var kill)
            || !TryCount(values, "sessions", defaults.Sessions, 1, out var sessions)
            || !TryCount(values, "steps-before-kill", defaults.StepsBeforeKill, 0, out var stepsBeforeKill) || stepsBeforeKill > 99
            || !TryCount(values, "new-sessions", defaults.NewSessions, 1, out var newSessions))
        {
            return null;
        }

        return defaults with
        {
            Url = url, Servers = servers, Victim = victim, KillCommand = kill,
            Sessions = sessions, StepsBeforeKill = stepsBeforeKill, NewSessions = newSessions,
        };
    }

    private static bool TryCount(Dictionary<string, string> values, string key, int fallback, int minimum, out int value)
    {
        value = fallback;
        if (!values.TryGetValue(key, out var text)) return true;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= minimum;
    }
}
