using System.Globalization;

namespace EnvServer.Benchmarks;

/// <summary>The figures as markdown tables, ready to paste into the README.</summary>
internal static class ResultTable
{
    public static void WriteThroughput(TextWriter output, IEnumerable<ThroughputResult> results)
    {
        output.WriteLine("| scenario | concurrent | steps/s | p50 ms | p99 ms | server CPU µs/step | client CPU µs/step | client B/step | errors |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Concurrency} | {r.StepsPerSecond:N0} | {r.Latency.P50Ms:0.000} | {r.Latency.P99Ms:0.000} | {Micros(r.ServerMicrosecondsPerStep)} | {Micros(r.ClientMicrosecondsPerStep)} | {r.ClientBytesPerStep:N0} | {r.Errors} |"));
        }

        foreach (var r in results.Where(r => r.FirstError is not null))
        {
            output.WriteLine($"\nFirst error of {r.Scenario} x{r.Concurrency}: {r.FirstError}");
        }
    }

    public static void WriteIdleSessions(TextWriter output, IdleSessionResult r)
    {
        output.WriteLine("| idle WS sessions opened | /health active_sessions | server RSS before (MiB) | server RSS with sessions (MiB) | KiB per idle session |");
        output.WriteLine("|---:|---:|---:|---:|---:|");
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {r.Opened:N0} / {r.Requested:N0} | {Text(r.ActiveSessions)} | {Mib(r.BaselineKiB)} | {Mib(r.LoadedKiB)} | {(r.KiBPerSession is { } kb ? kb.ToString("0.0", CultureInfo.InvariantCulture) : "n/a")} |"));
        if (r.FirstError is { } error) output.WriteLine($"\nFirst failure while opening: {error}");
    }

    public static void WriteInProcess(TextWriter output, InProcessResult r)
    {
        output.WriteLine("| in-process | task | reset options | policy | steps | µs/step | CPU µs/step | allocated B/step |");
        output.WriteLine("|---|---|---|---|---:|---:|---:|---:|");
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {r.Environment} | {r.Task} | `{r.Reset}` | {r.Policy} | {r.Steps:N0} | {r.MicrosecondsPerStep:0.00} | {r.CpuMicrosecondsPerStep:0.00} | {r.AllocatedBytesPerStep:N0} |"));
    }

    public static void WriteNetworkUpdate(TextWriter output, NetworkUpdateResult r)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PPO minibatch update (64 samples, actor 6→64→64→4, critic 6→64→64→1, tanh; forward, backward, clip, Adam), {r.Updates:N0} updates, {r.Threads} thread(s):"));
        output.WriteLine("| TorchSharp, cumulative stage | ms/update |");
        output.WriteLine("|---|---:|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| forward and loss | {r.ForwardMilliseconds:0.000} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| + backward | {r.BackwardMilliseconds:0.000} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| + clip_grad_norm_ | {r.ClipMilliseconds:0.000} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| + Adam step (the whole update; {r.AllocatedBytesPerUpdate:N0} managed B/update) | {r.UpdateMilliseconds:0.000} |"));
        output.WriteLine();
        output.WriteLine(r.PyTorchMilliseconds is { } pyTorch
            ? string.Create(CultureInfo.InvariantCulture,
                $"TorchSharp {r.UpdateMilliseconds:0.000} ms/update, {r.PyTorchNote} {pyTorch:0.000} ms/update, ratio TorchSharp/PyTorch {r.UpdateMilliseconds / pyTorch:0.00}")
            : string.Create(CultureInfo.InvariantCulture, $"TorchSharp {r.UpdateMilliseconds:0.000} ms/update; no PyTorch figure: {r.PyTorchNote}"));
    }

    public static void WritePpoRollouts(TextWriter output, IEnumerable<PpoRolloutResult> results)
    {
        output.WriteLine("| PPO rollout over WebSocket | sessions | env steps/s | ms per vector step | policy ms per vector step | server CPU µs/step | client CPU µs/step |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {r.Environment} | {r.Sessions} | {r.StepsPerSecond:N0} | {r.MillisecondsPerVectorStep:0.000} | {r.PolicyMillisecondsPerVectorStep:0.000} | {Micros(r.ServerMicrosecondsPerStep)} | {Micros(r.ClientMicrosecondsPerStep)} |"));
        }
    }

    public static void WritePpoUpdates(TextWriter output, IEnumerable<PpoUpdateResult> results)
    {
        output.WriteLine("| PPO update (rollout excluded) | batch | minibatch updates | updates timed | ms/update | CPU ms/update | allocated KB/update |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {r.Shape} | {r.BatchSize:N0} | {r.Minibatches} | {r.Updates} | {r.MillisecondsPerUpdate:0.0} | {r.CpuMillisecondsPerUpdate:0.0} | {r.AllocatedBytesPerUpdate / 1024:N0} |"));
        }
    }

    private static string Micros(double? value) => value?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a";

    private static string Text(int? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "n/a";

    private static string Mib(long? kib) => kib is { } k ? (k / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) : "n/a";
}
