using System.Diagnostics;
using EnvServer.Client;

namespace EnvServer.Benchmarks;

/// <summary>
/// N sessions, each a loop of awaited steps over its own WebSocket through <see cref="EnvSession"/>
/// (the path real clients take), resetting whenever an episode ends.
/// </summary>
internal sealed class WebSocketStepBenchmark(Uri environmentUrl, object resetKwargs, object action, ResourceMeter meter)
{
    public async Task<ThroughputResult> RunAsync(int sessions, TimeSpan warmup, TimeSpan duration)
    {
        var window = new MeasurementWindow(warmup, duration);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var connected = new CountdownEvent(sessions);
        var workers = Enumerable.Range(0, sessions).Select(_ => Task.Run(() => WorkerAsync(window, connected, go.Task))).ToArray();

        // The clock starts once every session is connected and reset, so connecting is not measured.
        await Task.Run(() => connected.Wait(TimeSpan.FromMinutes(2)));
        window.Open();
        go.SetResult();
        await Task.Delay(warmup);
        var before = meter.Sample();
        var results = await Task.WhenAll(workers);
        var used = meter.Sample() - before;

        return new ThroughputResult(
            "WS step",
            sessions,
            results.Sum(r => (long)r.Latencies.Count),
            duration.TotalSeconds,
            LatencySummary.From(results.Select(r => r.Latencies)),
            results.Sum(r => r.Errors),
            results.Select(r => r.FirstError).FirstOrDefault(e => e is not null),
            used);
    }

    private async Task<WorkerResult> WorkerAsync(MeasurementWindow window, CountdownEvent connected, Task go)
    {
        var latencies = new List<long>(1 << 14);
        long errors = 0;
        string? firstError = null;
        EnvSession? session = null;
        try
        {
            session = await EnvSession.ConnectAsync(environmentUrl);
            await session.ResetAsync(resetKwargs);
        }
        finally
        {
            connected.Signal();
        }

        await using (session)
        {
            await go;
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                if (window.IsOver(started)) break;
                try
                {
                    var result = await session.StepAsync(action);
                    var ended = Stopwatch.GetTimestamp();
                    if (window.Contains(started, ended)) latencies.Add(ended - started);
                    if (result.Done) await session.ResetAsync(resetKwargs);
                }
                catch (EnvServerException e)
                {
                    errors++;
                    firstError ??= e.Message;
                    await session.ResetAsync(resetKwargs);
                }
            }
        }

        return new WorkerResult(latencies, errors, firstError);
    }

    private sealed record WorkerResult(List<long> Latencies, long Errors, string? FirstError);
}
