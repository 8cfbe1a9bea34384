using System.Diagnostics;

namespace EnvServer.Benchmarks;

/// <summary>
/// CPU time of this process (the client) and of the server, and the client's allocations. Client and
/// server share the machine's cores, so what each spends per step says more than steps/s alone.
/// </summary>
internal sealed class ResourceMeter(int? serverPid)
{
    public ResourceSample Sample()
    {
        var client = Process.GetCurrentProcess().TotalProcessorTime;
        TimeSpan? server = null;
        if (serverPid is { } pid)
        {
            using var process = Process.GetProcessById(pid);
            server = process.TotalProcessorTime;
        }

        return new ResourceSample(client, server, GC.GetTotalAllocatedBytes());
    }
}

/// <summary>Cumulative client and server CPU time (server null when its process is unknown) and client allocations.</summary>
internal readonly record struct ResourceSample(TimeSpan ClientCpu, TimeSpan? ServerCpu, long ClientAllocatedBytes)
{
    public static ResourceSample operator -(ResourceSample after, ResourceSample before) =>
        new(after.ClientCpu - before.ClientCpu, after.ServerCpu - before.ServerCpu, after.ClientAllocatedBytes - before.ClientAllocatedBytes);
}
