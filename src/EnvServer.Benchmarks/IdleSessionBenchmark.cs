using System.Collections.Concurrent;
using System.Text.Json;
using EnvServer.Client;

namespace EnvServer.Benchmarks;

/// <summary>
/// What an idle session costs the server: RSS after a settled baseline, then with N WebSockets open,
/// each reset once (so the environment exists) and then left idle.
/// </summary>
internal sealed class IdleSessionBenchmark(Uri environmentUrl, EnvHttpClient health, object resetKwargs, int? serverPid, TextWriter log)
{
    // Opening is throttled so that the figure measures idle sessions, not a connect storm's backlog.
    private const int OpenParallelism = 64;
    private const int WarmupSessions = 64;

    public async Task<IdleSessionResult> RunAsync(int count, TimeSpan settle)
    {
        // Warm the connect/reset/close path (JIT, pools) before the baseline, so only sessions are counted.
        var warm = await OpenAsync(WarmupSessions, new ConcurrentBag<string>());
        await CloseAllAsync(warm);
        await Task.Delay(settle);
        var baseline = serverPid is { } pid ? ProcessMemory.ResidentKiB(pid) : null;

        var errors = new ConcurrentBag<string>();
        var sessions = await OpenAsync(count, errors);
        try
        {
            log.WriteLine($"  {sessions.Count} idle sessions open; settling {settle.TotalSeconds:0} s");
            await Task.Delay(settle);
            var loaded = serverPid is { } p ? ProcessMemory.ResidentKiB(p) : null;
            var active = (await health.HealthAsync()).TryGetProperty("active_sessions", out var a) && a.ValueKind == JsonValueKind.Number
                ? a.GetInt32()
                : (int?)null;
            return new IdleSessionResult(count, sessions.Count, active, baseline, loaded, errors.FirstOrDefault());
        }
        finally
        {
            await CloseAllAsync(sessions);
        }
    }

    private async Task<List<EnvSession>> OpenAsync(int count, ConcurrentBag<string> errors)
    {
        var sessions = new ConcurrentBag<EnvSession>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = OpenParallelism },
            async (_, ct) =>
            {
                EnvSession? session = null;
                try
                {
                    session = await EnvSession.ConnectAsync(environmentUrl, ct: ct);
                    await session.ResetAsync(resetKwargs, ct);
                    sessions.Add(session);
                }
                catch (Exception e) when (e is EnvServerException or System.Net.WebSockets.WebSocketException or TimeoutException or IOException)
                {
                    errors.Add(e.Message);
                    if (session is not null) await session.DisposeAsync();
                }
            });
        return [.. sessions];
    }

    private static Task CloseAllAsync(IEnumerable<EnvSession> sessions) =>
        Parallel.ForEachAsync(
            sessions,
            new ParallelOptions { MaxDegreeOfParallelism = OpenParallelism },
            async (session, _) => await session.DisposeAsync());
}
