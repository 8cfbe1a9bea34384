using System.Diagnostics;
using EnvServer.Client;

namespace EnvServer.Benchmarks;

/// <summary>
/// N loops of stateful HTTP episodes: <c>POST /reset</c> with <c>X-Session-Id: new</c>, then <c>POST /step</c> with the returned
/// <c>X-Session-Id</c> until the episode ends, over one shared connection pool.
/// </summary>
internal sealed class HttpStepBenchmark(EnvHttpClient client, object resetKwargs, object action, ResourceMeter meter)
{
    public async Task<ThroughputResult> RunAsync(int loops, TimeSpan warmup, TimeSpan duration)
    {
        var window = new MeasurementWindow(warmup, duration);
        window.Open();
        var loopTasks = Enumerable.Range(0, loops).Select(_ => Task.Run(() => LoopAsync(window))).ToArray();
        await Task.Delay(warmup);
        var before = meter.Sample();
        var results = await Task.WhenAll(loopTasks);
        var used = meter.Sample() - before;
        return new ThroughputResult(
            "HTTP step (X-Session-Id)",
            loops,
            results.Sum(r => (long)r.Latencies.Count),
            duration.TotalSeconds,
            LatencySummary.From(results.Select(r => r.Latencies)),
            results.Sum(r => r.Errors),
            results.Select(r => r.FirstError).FirstOrDefault(e => e is not null),
            used);
    }

    private async Task<WorkerResult> LoopAsync(MeasurementWindow window)
    {
        var latencies = new List<long>(1 << 14);
        long errors = 0;
        string? firstError = null;
        var sessionId = (await client.ResetAsync(resetKwargs)).SessionId;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            if (window.IsOver(started)) break;
            try
            {
                var result = await client.StepAsync(sessionId, action);
                var ended = Stopwatch.GetTimestamp();
                if (window.Contains(started, ended)) latencies.Add(ended - started);
                if (result.Done) await client.ResetAsync(resetKwargs, sessionId);
            }
            catch (EnvHttpException e)
            {
                errors++;
                firstError ??= e.Message;
                sessionId = (await client.ResetAsync(resetKwargs)).SessionId;
            }
        }

        return new WorkerResult(latencies, errors, firstError);
    }

    private sealed record WorkerResult(List<long> Latencies, long Errors, string? FirstError);
}
