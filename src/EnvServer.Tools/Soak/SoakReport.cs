using System.Globalization;

namespace EnvServer.Tools.Soak;

/// <summary>The soak's result as markdown tables, and its verdict as the exit code.</summary>
internal static class SoakReport
{
    public static int Write(TextWriter output, SoakOptions options, SoakTally tally, SoakMemory memory, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("| figure | value |");
        output.WriteLine("|---|---:|");
        output.WriteLine(string.Create(c, $"| sessions (WebSocket / HTTP) | {options.Sessions} ({Math.Ceiling(options.Sessions * options.WebSocketShare):0} / {options.Sessions - Math.Ceiling(options.Sessions * options.WebSocketShare):0}) |"));
        output.WriteLine(string.Create(c, $"| duration | {elapsed.TotalMinutes:0.0} min |"));
        output.WriteLine(string.Create(c, $"| messages and requests | {tally.Messages:N0} ({tally.Messages / elapsed.TotalSeconds:N0}/s) |"));
        output.WriteLine(string.Create(c, $"| steps | {tally.Steps:N0} |"));
        output.WriteLine(string.Create(c, $"| episodes completed | {tally.Episodes:N0} |"));
        output.WriteLine(string.Create(c, $"| 5xx and internal errors | {tally.ServerErrors} |"));
        output.WriteLine(string.Create(c, $"| refused valid requests, dropped connections | {tally.Failures} |"));

        long? growth = null;
        if (memory.Measured)
        {
            foreach (var (label, name) in new[] { ("start", "server RSS at start (idle)"), ("warm", "server RSS after warm-up"), ("end", "server RSS at the end"), ("closed", "server RSS 5 s after all sessions closed") })
            {
                if (memory.At(label) is { } kib) output.WriteLine($"| {name} | {SoakMemory.MiB(kib)} |");
            }

            output.WriteLine($"| server RSS peak | {SoakMemory.MiB(memory.Peak!.Value)} |");
            growth = memory.At("end") - memory.At("warm");
            if (growth is { } g) output.WriteLine(string.Create(c, $"| growth warm-up → end (bound {options.MaxGrowthMiB} MiB) | {g / 1024.0:+0.0;-0.0} MiB |"));
        }
        else
        {
            output.WriteLine("| server RSS | not measured (no local process id: pass --server-pid) |");
        }

        output.WriteLine();
        output.WriteLine("| outcome | count |");
        output.WriteLine("|---|---:|");
        foreach (var (outcome, count) in tally.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal)) output.WriteLine(string.Create(c, $"| {outcome} | {count:N0} |"));

        var problems = new List<string>();
        if (tally.ServerErrors > 0) problems.Add($"{tally.ServerErrors} 5xx or internal errors");
        if (tally.Failures > 0) problems.Add($"{tally.Failures} refused valid requests or dropped connections");
        if (growth > options.MaxGrowthMiB * 1024L) problems.Add($"memory grew {growth / 1024.0:0.0} MiB, over the {options.MaxGrowthMiB} MiB bound");
        output.WriteLine();
        output.WriteLine(problems.Count == 0 ? "PASS" : "FAIL: " + string.Join("; ", problems));
        return problems.Count == 0 ? 0 : 1;
    }
}
