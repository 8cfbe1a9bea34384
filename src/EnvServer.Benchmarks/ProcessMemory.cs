using System.Globalization;

namespace EnvServer.Benchmarks;

/// <summary>Resident set size of a process, from Linux's <c>/proc/&lt;pid&gt;/status</c>.</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS in KiB, or null where /proc is unavailable.</summary>
    public static long? ResidentKiB(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var number = line["VmRSS:".Length..].Trim().Split(' ')[0];
            return long.Parse(number, CultureInfo.InvariantCulture);
        }

        return null;
    }
}
