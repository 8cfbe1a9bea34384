using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EnvServer.Benchmarks;

/// <summary>
/// The built server (Release) run as a child process on a free loopback port, with a session limit high
/// enough for the idle-session figure, killed on dispose. The soak tool (src/EnvServer.Tools) starts it too, with
/// its own settings.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private const string MaxSessions = "20000";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;

    // The server's last output lines, shown if it fails to start; its output is drained so it never blocks on a full pipe.
    private readonly ConcurrentQueue<string> recentOutput = new();

    private ServerProcess(Process process, Uri url)
    {
        this.process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int Pid => process.Id;

    /// <param name="log">Where progress is written.</param>
    /// <param name="settings">Server settings by environment-variable name, added to (or replacing) the defaults here.</param>
    public static async Task<ServerProcess> StartAsync(TextWriter log, IReadOnlyDictionary<string, string>? settings = null)
    {
        var root = FindRepositoryRoot();
        var dll = Path.Combine(root, "src", "EnvServer.Api", "bin", "Release", "net10.0", "EnvServer.Api.dll");
        if (!File.Exists(dll)) await BuildAsync(root, log);

        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        log.WriteLine($"Starting {dll} (built {File.GetLastWriteTime(dll):yyyy-MM-dd HH:mm}) on {url}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", url.ToString().TrimEnd('/') },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            Environment =
            {
                ["MAX_CONCURRENT_ENVS"] = MaxSessions,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",

                // Per-request logging would measure the console, not the server.
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        var server = new ServerProcess(process, url);
        process.OutputDataReceived += (_, e) => server.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilHealthyAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(StartTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (process.HasExited) break;
            try
            {
                using var response = await http.GetAsync(new Uri(Url, "health"));
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await DisposeAsync();
        throw new InvalidOperationException(
            $"The server did not answer GET /health within {StartTimeout.TotalSeconds} s. Its last output:\n{string.Join('\n', recentOutput)}");
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        recentOutput.Enqueue(line);
        while (recentOutput.Count > 40) recentOutput.TryDequeue(out _);
    }

    private static async Task BuildAsync(string root, TextWriter log)
    {
        var project = Path.Combine(root, "src", "EnvServer.Api");
        log.WriteLine($"Building {project} (Release)");
        using var build = Process.Start(new ProcessStartInfo("dotnet") { ArgumentList = { "build", "-c", "Release", project } })
            ?? throw new InvalidOperationException("Could not run dotnet build.");
        await build.WaitForExitAsync();
        if (build.ExitCode != 0) throw new InvalidOperationException($"dotnet build {project} failed ({build.ExitCode}).");
    }

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EnvServer.sln"))) return dir.FullName;
            }
        }

        throw new InvalidOperationException("EnvServer.sln not found above the benchmark or the working directory; pass --url.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
