namespace EnvServer.Benchmarks;

/// <summary>One throughput run: how many steps completed in the measured window, how fast, and what failed.</summary>
internal sealed record ThroughputResult(string Scenario, int Concurrency, long Steps, double Seconds, LatencySummary Latency, long Errors, string? FirstError, ResourceSample Used)
{
    public double StepsPerSecond => Steps / Seconds;

    /// <summary>Client CPU per step, in microseconds.</summary>
    public double ClientMicrosecondsPerStep => Used.ClientCpu.TotalMicroseconds / Steps;

    /// <summary>Server CPU per step, in microseconds; null when the server's process is unknown.</summary>
    public double? ServerMicrosecondsPerStep => Used.ServerCpu?.TotalMicroseconds / Steps;

    /// <summary>Bytes the client allocated per step, the benchmark's own bookkeeping included.</summary>
    public double ClientBytesPerStep => Used.ClientAllocatedBytes / (double)Steps;
}
