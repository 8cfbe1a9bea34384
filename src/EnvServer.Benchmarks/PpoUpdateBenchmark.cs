using System.Diagnostics;
using EnvServer.Training.Algorithms;
using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Rollouts;

namespace EnvServer.Benchmarks;

/// <summary>
/// One PPO update of Ppo.cs, rollout excluded: PpoOptions' defaults (a batch of 2,048 steps, 32 minibatches
/// of 64, 10 epochs, actor and critic 64→64 tanh) on a synthetic batch with the shapes of hiv (6 features,
/// 4 discrete actions) and drug-dose (1 feature, a continuous dose). The cost depends on the shapes only.
/// </summary>
internal static class PpoUpdateBenchmark
{
    public static IReadOnlyList<PpoUpdateResult> Run(int updates) =>
    [
        Measure("hiv shape: 6 features, 4 discrete actions", 6, new ActionSpace("action", IsDiscrete: true, Size: 4), updates),
        Measure("drug-dose shape: 1 feature, continuous dose", 1, new ActionSpace("dose", IsDiscrete: false, Size: 1), updates),
    ];

    private static PpoUpdateResult Measure(string shape, int features, ActionSpace actionSpace, int updates)
    {
        var options = new PpoOptions();
        var random = new Random(1);
        var agent = new ActorCritic(features, actionSpace, options.HiddenSize, random);
        var optimizer = new Adam(agent.Parameters, options.LearningRate);

        // A batch as a rollout would leave it: normalised observations, the policy's own actions and log-probabilities, the critic's values.
        var batch = options.BatchSize;
        var observations = new Matrix(batch, features);
        for (var i = 0; i < observations.Data.Length; i++) observations.Data[i] = (float)Gaussian(random);
        var actorOutput = agent.Actor.Forward(observations);
        var valueOutput = agent.Critic.Forward(observations);
        var (actions, logProbs, values, advantages, returns) = (new float[batch], new float[batch], new float[batch], new float[batch], new float[batch]);
        var scratch = new float[actionSpace.Size];
        for (var k = 0; k < batch; k++)
        {
            (actions[k], logProbs[k]) = agent.Act(actorOutput.Row(k), deterministic: false, random, scratch);
            values[k] = valueOutput[k, 0];
            advantages[k] = (float)Gaussian(random);
            returns[k] = values[k] + advantages[k];
        }

        void Update() => Ppo.Optimize(agent, optimizer, proximal: null, options, observations, actions, logProbs, values, advantages, returns, random);

        Update(); // JIT and tiering
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        // CPU time as well as wall time: on a machine shared with other work the wall clock also counts the waits for a core.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var u = 0; u < updates; u++) Update();
        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new PpoUpdateResult(shape, batch, options.NumMinibatches * options.UpdateEpochs, updates,
            clock.Elapsed.TotalMilliseconds / updates, cpu.TotalMilliseconds / updates, (double)allocated / updates);
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

internal sealed record PpoUpdateResult(
    string Shape, int BatchSize, int Minibatches, int Updates, double MillisecondsPerUpdate, double CpuMillisecondsPerUpdate, double AllocatedBytesPerUpdate);
