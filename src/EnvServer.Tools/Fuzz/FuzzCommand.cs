using System.Globalization;
using EnvServer.Benchmarks;

namespace EnvServer.Tools.Fuzz;

/// <summary>
/// <c>fuzz</c>: mutated HTTP bodies and WebSocket frames over every environment, MCP, agent and bandit endpoint
/// (<see cref="JsonMutator"/>, plus zzuf when installed), against a server started as a child process on loopback
/// (or --url, which must be loopback), while neighbour sessions replay seeded episodes. Reports 5xx and internal
/// errors, disturbed neighbours and the server's health; exit 1 if any of them is wrong.
/// <code>dotnet run --project src/EnvServer.Tools -- fuzz [--inputs 30000] [--minutes 20] [--seed 17] [--url http://127.0.0.1:PORT]</code>
/// </summary>
internal sealed class FuzzCommand : IToolCommand
{
    public string Name => "fuzz";

    public string Summary => "mutated bodies and frames over every endpoint (loopback only); fails on 5xx, a disturbed session or an unhealthy server";

    public int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var inputs = 30_000;
        var minutes = 20.0;
        var seed = 17;
        Uri? url = null;
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--inputs" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0: inputs = n; break;
                case "--minutes" when double.TryParse(value, CultureInfo.InvariantCulture, out var m) && m > 0: minutes = m; break;
                case "--seed" when int.TryParse(value, CultureInfo.InvariantCulture, out var s): seed = s; break;
                case "--url" when Uri.TryCreate(value, UriKind.Absolute, out var u) && u.IsLoopback: url = u; break;
                default:
                    Console.Error.WriteLine($"fuzz: invalid option {args[i]} {value} (--inputs N > 0, --minutes M > 0, --seed N, --url of a loopback server)");
                    return 2;
            }
        }

        if (args.Count % 2 != 0)
        {
            Console.Error.WriteLine($"fuzz: option {args[^1]} needs a value");
            return 2;
        }

        return RunAsync(new FuzzSettings(url ?? new Uri("http://127.0.0.1"), inputs, TimeSpan.FromMinutes(minutes), seed), url is null, output).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(FuzzSettings settings, bool startServer, TextWriter output)
    {
        await using var child = startServer ? await ServerProcess.StartAsync(output) : null;
        var outcome = await FuzzRun.RunAsync(settings with { Server = child?.Url ?? settings.Server }, output);
        outcome.Write(output);
        if (child is not null) output.WriteLine($"server resident memory after: {ProcessMemory.ResidentKiB(child.Pid) / 1024.0:F0} MiB");
        return outcome.Passed ? 0 : 1;
    }
}
