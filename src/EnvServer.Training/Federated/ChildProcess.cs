using System.Diagnostics;
using System.Reflection;

namespace EnvServer.Training.Federated;

/// <summary>This worker started again as a child process with other arguments, its output relayed line by line with a
/// [role] prefix. Disposing kills it (and its children) if it is still running.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _role;
    private readonly List<(string Prefix, TaskCompletionSource<string> Found)> _watches = [];

    private ChildProcess(Process process, string role)
    {
        _process = process;
        _role = role;
    }

    public static ChildProcess Start(string role, IEnumerable<string> args, TextWriter output)
    {
        var (fileName, prefix) = SelfCommand();
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in prefix.Concat(args)) info.ArgumentList.Add(arg);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, role);
        process.OutputDataReceived += (_, e) => child.Relay(e.Data, output);
        process.ErrorDataReceived += (_, e) => child.Relay(e.Data, output);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The first output line starting with <paramref name="prefix"/>; fails if the process exits first.</summary>
    public async Task<string> WaitForLineAsync(string prefix, CancellationToken ct)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_watches) _watches.Add((prefix, found));
        var exited = _process.WaitForExitAsync(ct);
        if (await Task.WhenAny(found.Task, exited) == found.Task) return await found.Task;
        throw new InvalidOperationException($"{_role} exited with code {_process.ExitCode} before printing '{prefix}'.");
    }

    public async Task<int> WaitForExitAsync(CancellationToken ct, TimeSpan? timeout = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout is { } t) limit.CancelAfter(t);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Kill();
            await _process.WaitForExitAsync(ct);
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>How this worker was started: its apphost, or dotnet and the entry assembly.</summary>
    private static (string FileName, string[] Prefix) SelfCommand()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The worker's executable path is unknown.");
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? (host, [Assembly.GetEntryAssembly()!.Location]) : (host, []);
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Not started or already gone.
        }
    }

    private void Relay(string? text, TextWriter output)
    {
        if (text is null) return;
        output.WriteLine($"[{_role}] {text}");
        lock (_watches)
        {
            foreach (var (prefix, found) in _watches.Where(w => text.StartsWith(w.Prefix, StringComparison.Ordinal))) found.TrySetResult(text);
        }
    }
}
