namespace EnvServer.Benchmarks;

/// <summary>One throughput run: how many steps completed in the measured window, and how fast.</summary>
internal sealed record ThroughputResult(string Scenario, int Concurrency, long Steps, double Seconds, LatencySummary Latency, long Errors)
{
    public double StepsPerSecond => Steps / Seconds;
}
