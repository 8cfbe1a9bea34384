using System.Diagnostics;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Rollouts;
using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Benchmarks;

/// <summary>
/// One PPO update of Ppo.cs, rollout excluded: PpoOptions' defaults (a batch of 2,048 steps, 32 minibatches
/// of 64, 10 epochs, actor and critic 64→64 tanh) on a synthetic batch with the shapes of hiv (6 features,
/// 4 discrete actions) and drug-dose (1 feature, a continuous dose). The cost depends on the shapes only.
/// </summary>
internal static class PpoUpdateBenchmark
{
    public static IReadOnlyList<PpoUpdateResult> Run(int updates, int threads)
    {
        torch.set_num_threads(threads);
        return
        [
            Measure("hiv shape: 6 features, 4 discrete actions", 6, new ActionSpace("action", IsDiscrete: true, Size: 4), updates),
            Measure("drug-dose shape: 1 feature, continuous dose", 1, new ActionSpace("dose", IsDiscrete: false, Size: 1), updates),
        ];
    }

    private static PpoUpdateResult Measure(string shape, int features, ActionSpace actionSpace, int updates)
    {
        var options = new PpoOptions();
        torch.manual_seed(1);
        var random = new Random(1);
        var agent = new ActorCritic(features, actionSpace, options.HiddenSize);
        var optimizer = optim.Adam(agent.parameters(), options.LearningRate, eps: Ppo.AdamEpsilon);

        // A batch as a rollout would leave it: normalised observations, the policy's own actions and log-probabilities, the critic's values.
        var observations = randn(options.BatchSize, features);
        Ppo.RolloutBatch batch;
        using (no_grad())
        {
            var (actions, logProbs, _, values) = agent.GetActionAndValue(observations);
            var advantages = randn(options.BatchSize);
            batch = new Ppo.RolloutBatch(observations, actions, logProbs, values.view(-1), advantages, values.view(-1) + advantages);
        }

        void Update() => Ppo.Optimize(agent, optimizer, options, batch, random);

        Update(); // JIT and tiering
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        // CPU time as well as wall time: on a machine shared with other work the wall clock also counts the waits for a core.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var u = 0; u < updates; u++) Update();
        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new PpoUpdateResult(shape, options.BatchSize, options.NumMinibatches * options.UpdateEpochs, updates,
            clock.Elapsed.TotalMilliseconds / updates, cpu.TotalMilliseconds / updates, (double)allocated / updates);
    }
}

internal sealed record PpoUpdateResult(
    string Shape, int BatchSize, int Minibatches, int Updates, double MillisecondsPerUpdate, double CpuMillisecondsPerUpdate, double AllocatedBytesPerUpdate);
