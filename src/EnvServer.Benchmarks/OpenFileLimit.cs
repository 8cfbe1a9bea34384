using System.Runtime.InteropServices;

namespace EnvServer.Benchmarks;

/// <summary>
/// Raises the soft open-file limit to the hard one: every idle session is a socket in this process and
/// in the server, which inherits the limit when started as a child.
/// </summary>
internal static class OpenFileLimit
{
    private const int RlimitNofile = 7; // RLIMIT_NOFILE on Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    /// <summary>The soft limit in force afterwards, or null where it cannot be read (not Linux).</summary>
    public static ulong? RaiseToHardLimit()
    {
        if (!OperatingSystem.IsLinux()) return null;
        if (GetRLimit(RlimitNofile, out var limit) != 0) return null;
        if (limit.Current < limit.Maximum)
        {
            var raised = limit with { Current = limit.Maximum };
            if (SetRLimit(RlimitNofile, in raised) == 0) return raised.Current;
        }

        return limit.Current;
    }

    [DllImport("libc", EntryPoint = "getrlimit")]
    private static extern int GetRLimit(int resource, out RLimit limit);

    [DllImport("libc", EntryPoint = "setrlimit")]
    private static extern int SetRLimit(int resource, in RLimit limit);
}
