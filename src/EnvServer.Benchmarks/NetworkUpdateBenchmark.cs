using System.Diagnostics;
using EnvServer.Training.NeuralNetworks;

namespace EnvServer.Benchmarks;

/// <summary>
/// The neural-network core on the work of one PPO minibatch update: 64 samples through an actor
/// 6→64→64→4 and a critic 6→64→64→1 (tanh), the policy and value gradients, backward passes,
/// global-norm clipping and an Adam step on both networks.
/// </summary>
internal static class NetworkUpdateBenchmark
{
    private const int Batch = 64;
    private const int Observations = 6;
    private const int Actions = 4;

    public static NetworkUpdateResult Run(int updates)
    {
        var random = new Random(1);
        var actor = new Mlp([Observations, 64, 64, Actions], ActivationKind.Tanh).InitializeOrthogonal(OrthogonalInitializer.PolicyOutputGain, random);
        var critic = new Mlp([Observations, 64, 64, 1], ActivationKind.Tanh).InitializeOrthogonal(OrthogonalInitializer.ValueOutputGain, random);
        var parameters = actor.Parameters.Concat(critic.Parameters).ToArray();
        var adam = new Adam(parameters, 2.5e-4f);

        var observations = new Matrix(Batch, Observations);
        for (var i = 0; i < observations.Data.Length; i++) observations.Data[i] = (float)(random.NextDouble() * 2 - 1);
        var actions = Enumerable.Range(0, Batch).Select(_ => random.Next(Actions)).ToArray();
        var returns = Enumerable.Range(0, Batch).Select(_ => (float)random.NextDouble()).ToArray();
        var logitGradient = new Matrix(Batch, Actions);
        var valueGradient = new Matrix(Batch, 1);
        var logProbs = new float[Actions];

        void Update()
        {
            actor.ZeroGradients();
            critic.ZeroGradients();
            var logits = actor.Forward(observations);
            Array.Clear(logitGradient.Data);
            for (var b = 0; b < Batch; b++)
            {
                Categorical.LogSoftmax(logits.Row(b), [], logProbs);
                Categorical.Backward(logProbs, actions[b], -1f / Batch, 0.01f / Batch, logitGradient.Row(b));
            }

            actor.Backward(logitGradient);
            var values = critic.Forward(observations);
            for (var b = 0; b < Batch; b++) valueGradient.Data[b] = (values.Data[b] - returns[b]) / Batch;
            critic.Backward(valueGradient);
            GradientClipping.ClipGlobalNorm(parameters, 0.5f);
            adam.Step();
        }

        for (var i = 0; i < Math.Max(updates / 10, 10); i++) Update(); // JIT and tiering
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < updates; i++) Update();
        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new NetworkUpdateResult(updates, clock.Elapsed.TotalMicroseconds / updates, (double)allocated / updates);
    }
}

internal sealed record NetworkUpdateResult(int Updates, double MicrosecondsPerUpdate, double AllocatedBytesPerUpdate);
