using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnvServer.Environments.Core;

namespace EnvServer.Benchmarks;

/// <summary>
/// The environment stepped directly, without server or client: what the model itself costs per step, and what it
/// allocates. The policy (<see cref="ActionPolicy"/>) plays one episode first, untimed; after a warm-up of the same
/// length as the other runs' (the JIT's tiering), the measured run replays its actions episode after episode (same
/// seed, so the same trajectory), so choosing actions costs nothing and the clocks run only while stepping: wall
/// time, and the process's CPU time, which a machine busy with other work inflates less.
/// </summary>
internal static class InProcessStepBenchmark
{
    private const long Seed = 1;

    public static InProcessResult Run(string environmentId, string task, JsonObject reset, JsonObject action, string policy, int steps, TimeSpan warmup)
    {
        var spec = EnvironmentRegistry.CreateDefault().Find(environmentId)
            ?? throw new ArgumentException($"Unknown environment '{environmentId}'.");
        var options = new ResetOptions
        {
            Seed = Seed,
            TaskId = task,
            Options = reset.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value)),
        };

        using var environment = spec.Factory();
        var episode = Record(environment, options, ActionPolicy.Create(policy, spec, action));
        // Until the JIT has promoted the step to its optimised tier, which takes longer than a few fast steps.
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < warmup;) Replay(environment, options, episode, episode.Length);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var (wall, cpu) = Replay(environment, options, episode, steps);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new InProcessResult(
            environmentId, task, reset.ToJsonString(), policy, steps, wall.TotalMicroseconds / steps, cpu.TotalMicroseconds / steps, (double)allocated / steps);
    }

    private static JsonElement[] Record(IEnvironment environment, ResetOptions options, Func<JsonElement, JsonElement> policy)
    {
        var actions = new List<JsonElement>();
        var result = environment.Reset(options);
        while (!result.Done)
        {
            var action = policy(ToJson(result.Observation));
            actions.Add(action);
            result = environment.Step(action);
        }

        return [.. actions];
    }

    private static (TimeSpan Wall, TimeSpan Cpu) Replay(IEnvironment environment, ResetOptions options, JsonElement[] episode, int steps)
    {
        TimeSpan wall = TimeSpan.Zero, cpu = TimeSpan.Zero;
        for (var done = 0; done < steps; done += episode.Length)
        {
            environment.Reset(options);
            var count = Math.Min(episode.Length, steps - done);
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++) environment.Step(episode[i]);
            wall += Stopwatch.GetElapsedTime(started);
            cpu += Environment.CpuUsage.TotalTime - cpuBefore;
        }

        return (wall, cpu);
    }

    private static JsonElement ToJson(IJsonFields fields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            fields.WriteFields(writer);
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }
}

/// <summary>One in-process run; allocations include the reset of each episode, times do not.</summary>
internal sealed record InProcessResult(
    string Environment, string Task, string Reset, string Policy, int Steps, double MicrosecondsPerStep, double CpuMicrosecondsPerStep, double AllocatedBytesPerStep);
