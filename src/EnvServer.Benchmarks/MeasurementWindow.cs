using System.Diagnostics;

namespace EnvServer.Benchmarks;

/// <summary>
/// The warm-up and measured phases of a run, as Stopwatch timestamps that every worker compares
/// against: no shared flag to flip, and a step counts only if it both started and ended inside.
/// </summary>
internal sealed class MeasurementWindow(TimeSpan warmup, TimeSpan duration)
{
    private long start;
    private long end;

    public TimeSpan Duration => duration;

    /// <summary>Starts the clock, once every worker is connected.</summary>
    public void Open()
    {
        var now = Stopwatch.GetTimestamp();
        start = now + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    }

    public bool IsOver(long timestamp) => timestamp >= end;

    public bool Contains(long from, long to) => from >= start && to <= end;
}
