using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnvServer.Environments.Core;

namespace EnvServer.Benchmarks;

/// <summary>
/// The environment stepped directly, without server or client: what the model itself costs per
/// step, and what it allocates. Resets (when an episode ends) are not timed.
/// </summary>
internal static class InProcessStepBenchmark
{
    public static InProcessResult Run(string environmentId, string task, JsonObject reset, JsonObject action, int steps)
    {
        var spec = EnvironmentRegistry.CreateDefault().Find(environmentId)
            ?? throw new ArgumentException($"Unknown environment '{environmentId}'.");
        var options = new ResetOptions
        {
            Seed = 1,
            TaskId = task,
            Options = reset.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value)),
        };
        var actionJson = JsonSerializer.SerializeToElement(action);

        using var environment = spec.Factory();
        Play(environment, options, actionJson, Math.Max(steps / 10, 1)); // JIT and tiering
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var elapsed = Play(environment, options, actionJson, steps);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new InProcessResult(environmentId, task, reset.ToJsonString(), steps, elapsed.TotalMicroseconds / steps, (double)allocated / steps);
    }

    private static TimeSpan Play(IEnvironment environment, ResetOptions options, JsonElement action, int steps)
    {
        var stepping = new Stopwatch();
        environment.Reset(options);
        for (var i = 0; i < steps; i++)
        {
            stepping.Start();
            var result = environment.Step(action);
            stepping.Stop();
            if (result.Done) environment.Reset(options);
        }

        return stepping.Elapsed;
    }
}

/// <summary>One in-process run; allocations include the reset of each episode that ended.</summary>
internal sealed record InProcessResult(string Environment, string Task, string Reset, int Steps, double MicrosecondsPerStep, double AllocatedBytesPerStep);
