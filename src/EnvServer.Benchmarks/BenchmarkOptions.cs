using System.Globalization;
using System.Text.Json.Nodes;

namespace EnvServer.Benchmarks;

/// <summary>Command-line settings; every default is the one the README's figures were measured with.</summary>
internal sealed record BenchmarkOptions
{
    /// <summary>Server to measure (<c>--url</c>). Default none: start the built server as a child process.</summary>
    public Uri? Url { get; init; }

    /// <summary>
    /// Server process whose memory is read (<c>--server-pid</c>) when <see cref="Url"/> is given. Default none:
    /// the child's pid, or no memory figures for an external server.
    /// </summary>
    public int? ServerPid { get; init; }

    /// <summary>Measured time per throughput run (<c>--duration-s</c>). Default 10 s.</summary>
    public double DurationSeconds { get; init; } = 10;

    /// <summary>Unmeasured run-in before each throughput and in-process run (<c>--warmup-s</c>): JIT, connection pools. Default 2 s.</summary>
    public double WarmupSeconds { get; init; } = 2;

    /// <summary>Concurrent WebSocket sessions per run (<c>--ws-sessions</c>). Default 1,8,64,256.</summary>
    public IReadOnlyList<int> WsSessions { get; init; } = [1, 8, 64, 256];

    /// <summary>Concurrent HTTP episode loops per run (<c>--http-loops</c>). Default 8,64.</summary>
    public IReadOnlyList<int> HttpLoops { get; init; } = [8, 64];

    /// <summary>Idle WebSocket sessions opened for the memory figure (<c>--idle-sessions</c>); 0 skips it. Default 10,000.</summary>
    public int IdleSessions { get; init; } = 10_000;

    /// <summary>Wait before each memory reading, so the server's allocations settle (<c>--settle-s</c>). Default 5 s.</summary>
    public double SettleSeconds { get; init; } = 5;

    /// <summary>Environment measured (<c>--env</c>). Default drug-dose.</summary>
    public string Environment { get; init; } = "drug-dose";

    /// <summary>Task of every reset (<c>--task</c>). Default fixed_patient: deterministic, 100-step episodes.</summary>
    public string Task { get; init; } = "fixed_patient";

    /// <summary>Further reset options as a JSON object (<c>--reset</c>), e.g. <c>{"integrator":"fast"}</c>. Default none.</summary>
    public JsonObject Reset { get; init; } = [];

    /// <summary>The action every step sends (<c>--action</c>), a JSON object. Default <c>{"dose":0.5}</c>.</summary>
    public JsonObject Action { get; init; } = new() { ["dose"] = 0.5 };

    /// <summary>
    /// How the in-process run chooses its actions (<c>--policy</c>, <see cref="ActionPolicy"/>): <c>fixed</c> (the
    /// <c>--action</c>), <c>random</c>, or a baseline policy of the environment by name. Default fixed.
    /// </summary>
    public string Policy { get; init; } = ActionPolicy.Fixed;

    /// <summary>
    /// Steps of the in-process run (<c>--in-process</c>): the environment stepped directly, without the
    /// server, to price the model itself. Default 0: skipped.
    /// </summary>
    public int InProcessSteps { get; init; }

    /// <summary>
    /// PPO minibatch updates on TorchSharp and, in the same run, PyTorch (<c>--network</c>): 64 samples,
    /// actor 6→64→64→4 and critic 6→64→64→1. Default 0: skipped.
    /// </summary>
    public int NetworkUpdates { get; init; }

    /// <summary>
    /// Session counts of PPO rollout runs (<c>--ppo-rollouts</c>): the worker's EnvironmentVector and an untrained
    /// ActorCritic acting on <see cref="Environment"/> / <see cref="Task"/> over WebSocket. Default none: skipped.
    /// </summary>
    public IReadOnlyList<int> PpoRollouts { get; init; } = [];

    /// <summary>libtorch's intra-op threads for the network and PPO update runs, on the TorchSharp and the PyTorch side
    /// alike (<c>--threads</c>). Default 1.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Timed PPO updates of Ppo.cs on a default-size synthetic batch (<c>--ppo-update</c>). Default 0: skipped.</summary>
    public int PpoUpdates { get; init; }

    public const string Usage =
        "usage: EnvServer.Benchmarks [--url URL] [--server-pid PID] [--duration-s 10] [--warmup-s 2] " +
        "[--ws-sessions 1,8,64,256] [--http-loops 8,64] [--idle-sessions 10000] [--settle-s 5] " +
        "[--env drug-dose] [--task fixed_patient] [--reset '{...}'] [--action '{\"dose\":0.5}'] [--policy fixed] [--in-process STEPS] [--network UPDATES] " +
        "[--ppo-rollouts 1,8,32] [--ppo-update UPDATES] [--threads 1]";

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count) throw new ArgumentException($"{name} needs a value.\n{Usage}");
            var value = args[++i];
            options = name switch
            {
                "--url" => options with { Url = new Uri(value) },
                "--server-pid" => options with { ServerPid = int.Parse(value, CultureInfo.InvariantCulture) },
                "--duration-s" => options with { DurationSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--warmup-s" => options with { WarmupSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--ws-sessions" => options with { WsSessions = IntList(value) },
                "--http-loops" => options with { HttpLoops = IntList(value) },
                "--idle-sessions" => options with { IdleSessions = int.Parse(value, CultureInfo.InvariantCulture) },
                "--settle-s" => options with { SettleSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--env" => options with { Environment = value },
                "--task" => options with { Task = value },
                "--reset" => options with { Reset = JsonObjectOf(name, value) },
                "--action" => options with { Action = JsonObjectOf(name, value) },
                "--policy" => options with { Policy = value },
                "--in-process" => options with { InProcessSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--network" => options with { NetworkUpdates = int.Parse(value, CultureInfo.InvariantCulture) },
                "--ppo-rollouts" => options with { PpoRollouts = IntList(value) },
                "--threads" => options with { Threads = int.Parse(value, CultureInfo.InvariantCulture) },
                "--ppo-update" => options with { PpoUpdates = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {name}.\n{Usage}"),
            };
        }

        return options;
    }

    private static JsonObject JsonObjectOf(string name, string value) =>
        JsonNode.Parse(value) as JsonObject ?? throw new ArgumentException($"{name} takes a JSON object, got {value}.\n{Usage}");

    private static int[] IntList(string value) =>
        value.Length == 0 ? [] : [.. value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
}
