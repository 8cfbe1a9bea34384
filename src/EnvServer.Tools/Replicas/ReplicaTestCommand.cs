using System.Diagnostics;
using System.Globalization;

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
        "usage: replica-test --url URL --victim HOST:PORT --kill-command CMD [--sessions N] [--steps-before-kill N] [--new-sessions N]";

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
        var c = CultureInfo.InvariantCulture;
        var driver = new ReplicaSessionDriver(options);
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
        var elapsed = clock.Elapsed;

        var onVictim = first.Where(o => o.Replica == options.Victim).ToArray();
        var elsewhere = first.Where(o => o.Replica != options.Victim).ToArray();
        output.WriteLine(string.Create(c, $"replica-test: {options.Sessions} sessions through {options.Url} (drug-dose fixed_patient, 100-step episodes)"));
        output.WriteLine($"  sessions per replica: {PerReplica(first, options.Victim)}");
        output.WriteLine(string.Create(c,
            $"  all {options.Sessions} at step {options.StepsBeforeKill} after {opened.TotalSeconds:0.0} s; killed {options.Victim} with `{options.KillCommand}` (exit {killStatus})"));
        output.WriteLine(string.Create(c,
            $"  lost: {first.Count(o => !o.Completed)} ({onVictim.Count(o => !o.Completed)}/{onVictim.Length} on the killed replica, " +
            $"{elsewhere.Count(o => !o.Completed)} elsewhere){Errors(first)}"));
        output.WriteLine(string.Create(c, $"  episodes completed on the other replicas: {elsewhere.Count(o => o.Completed)}/{elsewhere.Length}"));
        output.WriteLine(string.Create(c,
            $"  new sessions started right after the kill: {after.Count(o => o.Completed)}/{after.Length} completed ({PerReplica(after, options.Victim)}); " +
            $"{after.Count(o => o.Tried.Contains(options.Victim))} of them were first sent to the killed replica and retried by the proxy{Errors(after)}"));
        output.WriteLine(string.Create(c, $"  time: {elapsed.TotalSeconds:0.0} s"));

        List<string> failures = [];
        if (killStatus != 0) failures.Add($"the kill command exited with {killStatus}");
        if (onVictim.Length == 0) failures.Add("no session landed on the killed replica, so the kill tested nothing");
        if (onVictim.Any(o => o.Completed)) failures.Add("a session on the killed replica completed its episode");
        if (onVictim.Any(o => o.Steps != options.StepsBeforeKill)) failures.Add("a session on the killed replica failed at another step than the kill's");
        if (elsewhere.Any(o => !o.Completed)) failures.Add("a session on a surviving replica was lost");
        if (after.Any(o => !o.Completed)) failures.Add("a session opened after the kill failed");
        if (after.Any(o => o.Replica == options.Victim)) failures.Add("a session opened after the kill was served by the killed replica");
        foreach (var failure in failures) output.WriteLine($"FAIL: {failure}");
        output.WriteLine(failures.Count == 0 ? "PASS" : "replica-test failed");
        return failures.Count == 0 ? 0 : 1;
    }

    private static async Task<int> KillAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command])) ?? throw new InvalidOperationException("/bin/sh did not start.");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static string PerReplica(IEnumerable<SessionOutcome> outcomes, string victim) =>
        string.Join(", ", outcomes
            .GroupBy(o => o.Replica ?? "(not connected)")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}{(g.Key == victim ? " (killed)" : "")} {g.Count()}")));

    /// <summary>Failures by exception type, with one message each, so that an unexpected kind of loss shows.</summary>
    private static string Errors(IEnumerable<SessionOutcome> outcomes)
    {
        var groups = outcomes.Where(o => o.Error is not null).GroupBy(o => o.Error!.GetType().Name).ToArray();
        return groups.Length == 0
            ? ""
            : "; errors: " + string.Join(", ", groups.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} ×{g.Count()} (\"{g.First().Error!.Message}\")")));
    }

    private static ReplicaTestOptions? Parse(IReadOnlyList<string> args)
    {
        string[] known = ["url", "victim", "kill-command", "sessions", "steps-before-kill", "new-sessions"];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || !args[i].StartsWith("--", StringComparison.Ordinal) || !known.Contains(args[i][2..])) return null;
            values[args[i][2..]] = args[i + 1];
        }

        var defaults = new ReplicaTestOptions { Url = new Uri("http://localhost/"), Victim = "", KillCommand = "" };
        if (!values.TryGetValue("url", out var url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || !values.TryGetValue("victim", out var victim) || !values.TryGetValue("kill-command", out var kill)
            || !TryCount(values, "sessions", defaults.Sessions, 1, out var sessions)
            || !TryCount(values, "steps-before-kill", defaults.StepsBeforeKill, 0, out var stepsBeforeKill) || stepsBeforeKill > 99
            || !TryCount(values, "new-sessions", defaults.NewSessions, 1, out var newSessions))
        {
            return null;
        }

        return defaults with { Url = uri, Victim = victim, KillCommand = kill, Sessions = sessions, StepsBeforeKill = stepsBeforeKill, NewSessions = newSessions };
    }

    private static bool TryCount(Dictionary<string, string> values, string key, int fallback, int minimum, out int value)
    {
        value = fallback;
        if (!values.TryGetValue(key, out var text)) return true;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= minimum;
    }
}
