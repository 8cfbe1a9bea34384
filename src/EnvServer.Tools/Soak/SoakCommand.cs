using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using EnvServer.Benchmarks;

namespace EnvServer.Tools.Soak;

/// <summary>
/// <c>soak</c>: N concurrent sessions (WebSocket and HTTP) for M minutes of random valid and invalid traffic
/// against a server (started as a child process unless --url is given), then a report: steps, episodes, every
/// outcome by WS error code or HTTP status, and the server's resident memory (from /proc) at start, after
/// warm-up, at its peak and at the end. Fails (exit 1) on any 5xx or internal error, any refused valid request
/// or dropped connection, or memory growth from warm-up to the end beyond --max-growth-mib.
/// </summary>
internal sealed class SoakCommand : IToolCommand
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(10);

    public string Name => "soak";

    public string Summary => "N sessions of random valid and invalid traffic for M minutes; fails on 5xx or memory growth";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var options = SoakOptions.Parse(args, Console.Error);
        return options is null ? 2 : RunAsync(options, output).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(SoakOptions options, TextWriter output)
    {
        OpenFileLimit.RaiseToHardLimit();
        var apiKey = options.ApiKey ?? (options.Url is null ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : null);
        await using var child = options.Url is null
            ? await ServerProcess.StartAsync(output, new Dictionary<string, string>
            {
                ["API_KEY"] = apiKey!,
                ["MAX_MESSAGE_BYTES"] = SoakOptions.ChildMaxMessageBytes.ToString(CultureInfo.InvariantCulture),
                ["MAX_CONCURRENT_ENVS"] = Math.Max(1024, 2 * options.Sessions).ToString(CultureInfo.InvariantCulture),
            })
            : null;
        var url = child?.Url ?? options.Url!;
        var pid = child?.Pid ?? options.ServerPid;
        var memory = new SoakMemory(pid);
        memory.Sample("start");

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Soaking {url} with {options.Sessions} sessions ({options.WebSocketShare:P0} WebSocket) for {options.Duration.TotalMinutes:0.#} min, "
            + $"think time {options.ThinkTime.TotalMilliseconds:0} ms, {options.InvalidShare:P0} invalid, oversize {options.OversizeMessageBytes} B"));
        var tally = new SoakTally();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2) };
        using var http = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        using var stop = new CancellationTokenSource(options.Duration);
        var clock = Stopwatch.StartNew();

        var clients = Enumerable.Range(0, options.Sessions).Select(i =>
        {
            var random = new Random(options.Seed * 100_003 + i);
            var env = SoakTraffic.Environments[i % SoakTraffic.Environments.Length];
            return i < options.Sessions * options.WebSocketShare
                ? new WebSocketSoakClient(url, env, apiKey, options, tally, random).RunAsync(stop.Token)
                : new HttpSoakClient(http, env, apiKey, options, tally, random).RunAsync(stop.Token);
        }).Select(run => Task.Run(() => run)).ToArray();

        var warmed = false;
        while (!stop.IsCancellationRequested)
        {
            await SoakTraffic.PauseAsync(SampleInterval, stop.Token);
            if (!warmed && clock.Elapsed >= options.WarmUp)
            {
                memory.Sample("warm");
                warmed = true;
            }
            else
            {
                memory.Sample("run");
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {clock.Elapsed:mm\\:ss}  steps {tally.Steps:N0}  episodes {tally.Episodes:N0}  messages {tally.Messages:N0}  server errors {tally.ServerErrors}  failures {tally.Failures}  RSS {memory.Latest}"));
        }

        memory.Sample("end");
        await Task.WhenAll(clients);
        var elapsed = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(5));
        memory.Sample("closed");

        return SoakReport.Write(output, options, tally, memory, elapsed);
    }
}
