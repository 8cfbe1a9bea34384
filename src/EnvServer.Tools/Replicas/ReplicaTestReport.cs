using System.Globalization;
using EnvServer.Client;

namespace EnvServer.Tools.Replicas;

/// <summary>
/// The summary of a <c>replica-test</c> run and its checks: every session on the killed replica lost at the kill's
/// step, none elsewhere, and every session opened after the kill completed somewhere else.
/// </summary>
internal sealed class ReplicaTestReport
{
    private readonly ReplicaTestOptions options;
    private readonly string description;
    private readonly SessionOutcome[] first;
    private readonly SessionOutcome[] after;
    private readonly TimeSpan untilKill;
    private readonly TimeSpan elapsed;
    private readonly int killStatus;
    private readonly IReadOnlyList<EnvServerStatus>? pool;
    private readonly SessionOutcome[] onVictim;
    private readonly SessionOutcome[] elsewhere;

    /// <param name="options">The run's settings.</param>
    /// <param name="description">How sessions reached the replicas.</param>
    /// <param name="first">The sessions open at the kill.</param>
    /// <param name="after">The sessions opened right after it.</param>
    /// <param name="untilKill">Time until every first session had reached the kill's step.</param>
    /// <param name="elapsed">Time of the whole run.</param>
    /// <param name="killStatus">The kill command's exit status.</param>
    /// <param name="pool">The pool's view of the servers at the end, when a pool placed the sessions.</param>
    public ReplicaTestReport(ReplicaTestOptions options, string description, SessionOutcome[] first, SessionOutcome[] after,
        TimeSpan untilKill, TimeSpan elapsed, int killStatus, IReadOnlyList<EnvServerStatus>? pool)
    {
        this.options = options;
        this.description = description;
        this.first = first;
        this.after = after;
        this.untilKill = untilKill;
        this.elapsed = elapsed;
        this.killStatus = killStatus;
        this.pool = pool;
        onVictim = [.. first.Where(o => o.Replica == options.Victim)];
        elsewhere = [.. first.Where(o => o.Replica != options.Victim)];
        Failures = Check();
    }

    public IReadOnlyList<string> Failures { get; }

    public void Write(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"replica-test: {options.Sessions} sessions {description} (drug-dose fixed_patient, 100-step episodes)"));
        output.WriteLine($"  sessions per replica: {PerReplica(first)}");
        output.WriteLine(string.Create(c,
            $"  all {options.Sessions} at step {options.StepsBeforeKill} after {untilKill.TotalSeconds:0.0} s; killed {options.Victim} with `{options.KillCommand}` (exit {killStatus})"));
        output.WriteLine(string.Create(c,
            $"  lost: {first.Count(o => !o.Completed)} ({onVictim.Count(o => !o.Completed)}/{onVictim.Length} on the killed replica, " +
            $"{elsewhere.Count(o => !o.Completed)} elsewhere){Errors(first)}"));
        output.WriteLine(string.Create(c, $"  episodes completed on the other replicas: {elsewhere.Count(o => o.Completed)}/{elsewhere.Length}"));
        output.WriteLine(string.Create(c,
            $"  new sessions started right after the kill: {after.Count(o => o.Completed)}/{after.Length} completed ({PerReplica(after)}){Errors(after)}"));
        var retried = after.Count(o => o.Tried.Count > 1 && o.Tried.Contains(options.Victim));
        if (pool is null) output.WriteLine(string.Create(c, $"  new sessions the proxy first sent to the killed replica, then to another: {retried}"));
        else output.WriteLine($"  pool at the end: {string.Join(", ", pool.Select(s => $"{s.Url.Authority} {(s.IsUp ? "up" : "down")}"))}");
        output.WriteLine(string.Create(c, $"  time: {elapsed.TotalSeconds:0.0} s"));
        foreach (var failure in Failures) output.WriteLine($"FAIL: {failure}");
        output.WriteLine(Failures.Count == 0 ? "PASS" : "replica-test failed");
    }

    private List<string> Check()
    {
        List<string> failures = [];
        if (killStatus != 0) failures.Add($"the kill command exited with {killStatus}");
        if (onVictim.Length == 0) failures.Add("no session landed on the killed replica, so the kill tested nothing");
        if (onVictim.Any(o => o.Completed)) failures.Add("a session on the killed replica completed its episode");
        if (onVictim.Any(o => o.Steps != options.StepsBeforeKill)) failures.Add("a session on the killed replica failed at another step than the kill's");
        if (pool is not null && onVictim.Any(o => o.Error is not EpisodeLostException { Server.Authority: var lostOn } || lostOn != options.Victim))
        {
            failures.Add("a session on the killed replica did not end with an EpisodeLostException naming it");
        }

        if (elsewhere.Any(o => !o.Completed)) failures.Add("a session on a surviving replica was lost");
        if (after.Any(o => !o.Completed)) failures.Add("a session opened after the kill failed");
        if (after.Any(o => o.Replica == options.Victim)) failures.Add("a session opened after the kill was served by the killed replica");
        return failures;
    }

    private string PerReplica(IEnumerable<SessionOutcome> outcomes) =>
        string.Join(", ", outcomes
            .GroupBy(o => o.Replica ?? "(not connected)")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}{(g.Key == options.Victim ? " (killed)" : "")} {g.Count()}")));

    /// <summary>Failures by exception type, with one message each, so that an unexpected kind of loss shows.</summary>
    private static string Errors(IEnumerable<SessionOutcome> outcomes)
    {
        var groups = outcomes.Where(o => o.Error is not null).GroupBy(o => o.Error!.GetType().Name).ToArray();
        return groups.Length == 0
            ? ""
            : "; errors: " + string.Join(", ", groups.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} ×{g.Count()} (\"{g.First().Error!.Message}\")")));
    }
}
