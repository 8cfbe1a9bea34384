using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace EnvServer.Tools.Docs;

/// <summary>
/// Runs one runnable block as a reader would, from the repository root, against the server on <c>port</c>: bash
/// blocks under <c>set -euo pipefail</c> with curl failing on an HTTP error status, Python blocks with the chosen
/// interpreter (which is also <c>python3</c> inside bash blocks). A block that outlives its time is killed with its
/// child processes.
/// </summary>
internal sealed class BlockRunner : IDisposable
{
    private const int TailLines = 40;

    // Without --fail-with-body curl exits 0 on a 404 or 422, and a broken walk-through would pass.
    private const string BashPrelude = "set -euo pipefail\ncurl() { command curl --fail-with-body \"$@\"; }\n";

    private readonly string workingDirectory;
    private readonly int port;
    private readonly string python;
    private readonly string scratch = Directory.CreateTempSubdirectory("docs-check-").FullName;

    /// <param name="workingDirectory">Where the blocks run: the repository root.</param>
    /// <param name="port">The server's port, replacing the documented 8000.</param>
    /// <param name="python">The interpreter for Python blocks, and <c>python3</c> in bash blocks: a command on PATH or a path.</param>
    public BlockRunner(string workingDirectory, int port, string python)
    {
        this.workingDirectory = workingDirectory;
        this.port = port;
        this.python = python;
        if (python != "python3") File.CreateSymbolicLink(Path.Combine(scratch, "python3"), python);
    }

    public async Task<BlockResult> RunAsync(RunnableBlock block, TimeSpan timeout)
    {
        var script = Path.Combine(scratch, block.Language == BlockLanguage.Bash ? "block.sh" : "block.py");
        await File.WriteAllTextAsync(script, (block.Language == BlockLanguage.Bash ? BashPrelude : "") + block.CodeFor(port));

        var start = new ProcessStartInfo(block.Language == BlockLanguage.Bash ? "bash" : python)
        {
            ArgumentList = { script },
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };

        // The check's server has no key; a key in the caller's shell would only make the blocks' requests differ from a reader's.
        start.Environment.Remove("API_KEY");
        start.Environment["PATH"] = scratch + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");

        var tail = new ConcurrentQueue<string>();
        void Remember(string? line)
        {
            if (line is null) return;
            tail.Enqueue(line);
            while (tail.Count > TailLines) tail.TryDequeue(out _);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new BlockResult(block, false, string.Create(CultureInfo.InvariantCulture, $"still running after {timeout.TotalSeconds:0} s, killed"), clock.Elapsed, tail.ToList());
        }

        process.WaitForExit(); // drains the output events
        var passed = process.ExitCode == 0;
        var outcome = passed ? "passed" : string.Create(CultureInfo.InvariantCulture, $"exit code {process.ExitCode}");
        return new BlockResult(block, passed, outcome, clock.Elapsed, tail.ToList());
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);
}
