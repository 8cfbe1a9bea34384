using System.Diagnostics;

namespace EnvServer.Benchmarks;

/// <summary>Percentiles of a full sample of step latencies (Stopwatch ticks), sorted once at the end.</summary>
internal sealed record LatencySummary(double P50Ms, double P99Ms)
{
    public static LatencySummary From(IEnumerable<List<long>> samples)
    {
        var all = samples.SelectMany(s => s).ToArray();
        if (all.Length == 0) return new LatencySummary(double.NaN, double.NaN);
        Array.Sort(all);
        return new LatencySummary(Milliseconds(all, 0.50), Milliseconds(all, 0.99));
    }

    private static double Milliseconds(long[] sorted, double quantile) =>
        sorted[(int)Math.Round(quantile * (sorted.Length - 1))] * 1000.0 / Stopwatch.Frequency;
}
