using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Rollouts;
using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Benchmarks;

/// <summary>
/// One PPO minibatch update on TorchSharp, next to the same update in PyTorch (CPU) run in the same benchmark: 64
/// samples through the worker's <see cref="ActorCritic"/> (actor 6→64→64→4, critic 6→64→64→1, tanh), PpoLoss's clipped
/// surrogate, clipped value loss and entropy bonus, backward, clip_grad_norm_ 0.5 and Adam, with the same thread count
/// on both sides. The update is also timed cumulatively by stage (forward and loss, + backward, + clipping, + Adam) to
/// show where TorchSharp's time goes.
/// </summary>
internal static class NetworkUpdateBenchmark
{
    private const int Batch = 64;
    private const int Observations = 6;
    private const int Actions = 4;
    private const string PyTorchScript = "pytorch_ppo_update.py";

    public static NetworkUpdateResult Run(int updates, int threads)
    {
        torch.set_num_threads(threads);
        torch.manual_seed(1);
        var options = new PpoOptions { EntCoef = 0.01f };
        var agent = new ActorCritic(Observations, new ActionSpace("action", IsDiscrete: true, Actions), options.HiddenSize);
        var parameters = agent.parameters().ToArray();
        var adam = optim.Adam(parameters, 2.5e-4, eps: Ppo.AdamEpsilon);
        var observations = rand(Batch, Observations) * 2 - 1;
        var actions = randint(Actions, [Batch]);
        Tensor oldLogProb, oldValues;
        using (no_grad())
        {
            var (_, logProb, _, value) = agent.GetActionAndValue(observations, actions);
            (oldLogProb, oldValues) = (logProb, value.view(-1));
        }

        var advantages = randn(Batch);
        var returns = oldValues + advantages;

        Tensor Loss()
        {
            var (_, newLogProb, entropy, newValue) = agent.GetActionAndValue(observations, actions);
            var normalized = (advantages - advantages.mean()) / (advantages.std() + 1e-8);
            return PpoLoss.Compute(newLogProb, entropy, newValue.view(-1), oldLogProb, oldValues, normalized, returns, options).Total;
        }

        void Forward()
        {
            using var scope = NewDisposeScope();
            Loss();
        }

        void Backward()
        {
            using var scope = NewDisposeScope();
            adam.zero_grad();
            Loss().backward();
        }

        void Clip()
        {
            using var scope = NewDisposeScope();
            adam.zero_grad();
            Loss().backward();
            nn.utils.clip_grad_norm_(parameters, 0.5);
        }

        void Update()
        {
            using var scope = NewDisposeScope();
            adam.zero_grad();
            Loss().backward();
            nn.utils.clip_grad_norm_(parameters, 0.5);
            adam.step();
        }

        var forward = Time(Forward, updates).Milliseconds;
        var backward = Time(Backward, updates).Milliseconds;
        var clip = Time(Clip, updates).Milliseconds;
        var (full, allocated) = Time(Update, updates);
        var (pyTorch, note) = RunPyTorch(updates, threads);
        return new NetworkUpdateResult(updates, threads, forward, backward, clip, full, allocated, pyTorch, note);
    }

    private static (double Milliseconds, double AllocatedBytes) Time(Action update, int updates)
    {
        for (var i = 0; i < Math.Max(updates / 10, 10); i++) update(); // JIT, tiering, libtorch's first-call set-up
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < updates; i++) update();
        clock.Stop();
        return (clock.Elapsed.TotalMilliseconds / updates, (double)(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / updates);
    }

    /// <summary>The same update in PyTorch: Debian's python3-torch running the script shipped next to the benchmark.</summary>
    private static (double? Milliseconds, string Note) RunPyTorch(int updates, int threads)
    {
        var script = Path.Combine(AppContext.BaseDirectory, PyTorchScript);
        // Debian's interpreter, where apt installs python3-torch, even when another python3 (pyenv, a venv) comes first on PATH.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python, [script, updates.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(start)!;
            var standardError = process.StandardError.ReadToEndAsync();
            var lastLine = process.StandardOutput.ReadToEnd().Trim().Split('\n')[^1];
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var reason = standardError.Result.Contains("No module named 'torch'", StringComparison.Ordinal)
                    ? "PyTorch is not installed (apt-get install python3-torch)"
                    : $"python3 {PyTorchScript} failed: {standardError.Result.Trim().Split('\n')[^1]}";
                return (null, reason);
            }

            using var result = JsonDocument.Parse(lastLine);
            return (result.RootElement.GetProperty("ms_per_update").GetDouble(), $"PyTorch {result.RootElement.GetProperty("torch").GetString()}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "python3 is not installed");
        }
    }
}

/// <summary>Milliseconds per update, cumulative by stage, and PyTorch's time for the whole update (null with the reason when it could not run).</summary>
internal sealed record NetworkUpdateResult(
    int Updates, int Threads, double ForwardMilliseconds, double BackwardMilliseconds, double ClipMilliseconds, double UpdateMilliseconds,
    double AllocatedBytesPerUpdate, double? PyTorchMilliseconds, string PyTorchNote);
