using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EnvServer.Tools.Docs;

/// <summary>
/// A fresh server for the docs check, started the way the README says (<c>dotnet run --project src/EnvServer.Api</c>,
/// which builds it if needed), or from the Debug build as it is (<c>--no-build</c>, after <c>dotnet test</c> in CI), on
/// a free loopback port, in an empty working directory (no <c>.env</c>) and without <c>API_KEY</c>. Disposing kills it
/// with its child processes.
/// </summary>
internal sealed class DocsServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly string workingDirectory;
    private readonly ConcurrentQueue<string> recentOutput = new();

    private DocsServer(Process process, string workingDirectory, int port)
    {
        this.process = process;
        this.workingDirectory = workingDirectory;
        Port = port;
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <exception cref="InvalidOperationException">
    /// The server did not answer /health within <paramref name="timeout"/>, or <paramref name="noBuild"/> and there is no build.
    /// </exception>
    public static async Task<DocsServer> StartAsync(string root, TimeSpan timeout, bool noBuild)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var dll = Path.Combine(root, "src", "EnvServer.Api", "bin", "Debug", "net10.0", "EnvServer.Api.dll");
        if (noBuild && !File.Exists(dll)) throw new InvalidOperationException($"{dll} does not exist: build first (dotnet build EnvServer.sln) or drop --no-build.");

        var workingDirectory = Directory.CreateTempSubdirectory("docs-check-server-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments = noBuild
            ? [dll, "--urls", url]
            : ["run", "--project", Path.Combine(root, "src", "EnvServer.Api"), "--no-launch-profile", "--", "--urls", url];
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("API_KEY");
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        var server = new DocsServer(Process.Start(start) ?? throw new InvalidOperationException("Could not run dotnet."), workingDirectory, port);
        server.process.OutputDataReceived += (_, e) => server.Remember(e.Data);
        server.process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        await server.WaitUntilHealthyAsync(timeout);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        Directory.Delete(workingDirectory, recursive: true);
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Url, "health"));
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Still building or starting.
            }

            await Task.Delay(250);
        }

        var why = process.HasExited ? $"exited with code {process.ExitCode}" : $"did not answer GET /health within {timeout.TotalSeconds:0} s";
        await DisposeAsync();
        throw new InvalidOperationException($"The server {why}. Its last output:\n{string.Join('\n', recentOutput)}");
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        recentOutput.Enqueue(line);
        while (recentOutput.Count > 40) recentOutput.TryDequeue(out _);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
