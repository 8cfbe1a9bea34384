using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using EnvServer.Benchmarks;
using EnvServer.Client;

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// Progress goes to stderr, so stdout holds only the tables.
var log = Console.Error;

var fileLimit = OpenFileLimit.RaiseToHardLimit();
if (fileLimit is { } limit && limit < (ulong)options.IdleSessions + 1024)
{
    log.WriteLine($"warning: open-file limit is {limit}; run `ulimit -n {options.IdleSessions + 4096}` before the benchmark for {options.IdleSessions} idle sessions.");
}

// Sessions are async loops, not threads; a higher floor only spares the pool its slow thread injection
// while thousands of sockets connect at once.
ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
ThreadPool.SetMinThreads(Math.Max(minWorkers, Environment.ProcessorCount * 4), minIo);

var output = Console.Out;
output.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"Environment `{options.Environment}`, task `{options.Task}`, reset options `{options.Reset.ToJsonString()}`, action `{options.Action.ToJsonString()}`; " +
    $"{options.DurationSeconds:0.#} s measured after {options.WarmupSeconds:0.#} s warm-up; " +
    $"client and server on one machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}."));
output.WriteLine();

if (options.InProcessSteps > 0)
{
    log.WriteLine($"In-process: {options.InProcessSteps} steps");
    InProcessResult inProcess;
    try
    {
        inProcess = InProcessStepBenchmark.Run(options.Environment, options.Task, options.Reset, options.Action, options.Policy, options.InProcessSteps, TimeSpan.FromSeconds(options.WarmupSeconds));
    }
    catch (ArgumentException e)
    {
        // An unknown environment or policy, known only once the registry is loaded.
        Console.Error.WriteLine(e.Message);
        return 2;
    }

    ResultTable.WriteInProcess(output, inProcess);
    output.WriteLine();
}

if (options.NetworkUpdates > 0)
{
    log.WriteLine($"PPO minibatch update, TorchSharp and PyTorch: {options.NetworkUpdates} updates, {options.Threads} thread(s)");
    ResultTable.WriteNetworkUpdate(output, NetworkUpdateBenchmark.Run(options.NetworkUpdates, options.Threads));
    output.WriteLine();
}

if (options.PpoUpdates > 0)
{
    log.WriteLine($"PPO update: {options.PpoUpdates} updates per shape");
    ResultTable.WritePpoUpdates(output, PpoUpdateBenchmark.Run(options.PpoUpdates, options.Threads));
    output.WriteLine();
}

if (options.IdleSessions == 0 && options.WsSessions.Count == 0 && options.HttpLoops.Count == 0 && options.PpoRollouts.Count == 0) return 0;

await using var server = options.Url is null ? await ServerProcess.StartAsync(log) : null;
var serverUrl = options.Url ?? server!.Url;
var serverPid = options.ServerPid ?? server?.Pid;
var environmentUrl = new Uri($"{serverUrl.ToString().TrimEnd('/')}/envs/{options.Environment}");
var resetKwargs = new JsonObject(options.Reset.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))) { ["task_id"] = options.Task };
var action = options.Action;
var warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
var duration = TimeSpan.FromSeconds(options.DurationSeconds);
using var http = new HttpClient();
var httpClient = new EnvHttpClient(http, environmentUrl);

IdleSessionResult? idle = null;
if (options.IdleSessions > 0)
{
    // Measured first, on a fresh server, so the baseline is not a heap already grown by the load runs.
    log.WriteLine($"Idle sessions: opening {options.IdleSessions}");
    idle = await new IdleSessionBenchmark(environmentUrl, httpClient, resetKwargs, serverPid, log)
        .RunAsync(options.IdleSessions, TimeSpan.FromSeconds(options.SettleSeconds));
}

var results = new List<ThroughputResult>();
var meter = new ResourceMeter(serverPid);
var webSocket = new WebSocketStepBenchmark(environmentUrl, resetKwargs, action, meter);
foreach (var sessions in options.WsSessions)
{
    log.WriteLine($"WS step: {sessions} sessions");
    results.Add(await webSocket.RunAsync(sessions, warmup, duration));
}

var overHttp = new HttpStepBenchmark(httpClient, resetKwargs, action, meter);
foreach (var loops in options.HttpLoops)
{
    log.WriteLine($"HTTP step: {loops} loops");
    results.Add(await overHttp.RunAsync(loops, warmup, duration));
}

if (options.PpoRollouts.Count > 0)
{
    var resetOptions = resetKwargs.ToDictionary(p => p.Key, p => (object?)p.Value);
    var rollouts = new PpoRolloutBenchmark(serverUrl, options.Environment, resetOptions, meter);
    var rolloutResults = new List<PpoRolloutResult>();
    foreach (var sessions in options.PpoRollouts)
    {
        log.WriteLine($"PPO rollout: {sessions} sessions");
        rolloutResults.Add(await rollouts.RunAsync(sessions, warmup, duration));
    }

    ResultTable.WritePpoRollouts(output, rolloutResults);
    output.WriteLine();
}

if (results.Count == 0 && idle is null) return 0;
ResultTable.WriteThroughput(output, results);
if (idle is not null)
{
    output.WriteLine();
    ResultTable.WriteIdleSessions(output, idle);
}

return 0;
