using System.Diagnostics;
using EnvServer.Api.Cli;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Cli;
using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Rollouts;
using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Benchmarks;

/// <summary>
/// PPO's rollout phase as the worker runs it: the worker's own <see cref="EnvironmentVector"/> of N WebSocket
/// sessions, stepped together, with an untrained <see cref="ActorCritic"/> (default width, TorchSharp) normalising the
/// observations, running actor and critic, and sampling the actions, as Ppo.TrainAsync does between updates.
/// </summary>
internal sealed class PpoRolloutBenchmark(Uri server, string environmentId, IReadOnlyDictionary<string, object?> resetOptions, ResourceMeter meter)
{
    public async Task<PpoRolloutResult> RunAsync(int sessions, TimeSpan warmup, TimeSpan duration)
    {
        // The benchmark's own server, started without a key.
        await using var servers = await ServerConnection.OpenAsync([server.AbsoluteUri], apiKey: null);
        await using var envs = await EnvironmentVector.ConnectAsync(servers, environmentId, sessions, resetOptions, seed: 1);
        var actionSpace = await TrainCommand.ReadActionSpaceAsync(servers, environmentId, envs.RawObservations[0], CancellationToken.None);
        torch.manual_seed(1);
        using var generator = new Generator(1);
        var agent = new ActorCritic(envs.Observations[0].Length, actionSpace, new PpoOptions().HiddenSize);

        // The clock starts once every session is connected and reset, as in the WebSocket step benchmark.
        var window = new MeasurementWindow(warmup, duration);
        window.Open();
        ResourceSample? before = null;
        long vectorSteps = 0;
        long policyTicks = 0;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            if (window.IsOver(started)) break;
            if (before is null && window.Contains(started, started)) before = meter.Sample();

            object[] actions;
            using (NewDisposeScope())
            using (no_grad())
            {
                agent.Normalizer.Update(Matrix.FromRows(envs.Observations));
                var (action, _, _, _) = agent.GetActionAndValue(agent.Observe(envs.Observations), generator: generator);
                actions = ActorCritic.ToFloats(action).Select(a => actionSpace.ToAction(a)).ToArray();
            }

            var acted = Stopwatch.GetTimestamp();
            await envs.StepAsync(actions);

            if (!window.Contains(started, Stopwatch.GetTimestamp())) continue;
            vectorSteps++;
            policyTicks += acted - started;
        }

        var used = meter.Sample() - (before ?? meter.Sample());
        return new PpoRolloutResult(environmentId, sessions, vectorSteps * sessions, duration.TotalSeconds, vectorSteps,
            policyTicks * 1000.0 / Stopwatch.Frequency, used);
    }
}

/// <summary>A PPO rollout run: environment steps over all sessions in the measured window, and where the time went.</summary>
internal sealed record PpoRolloutResult(string Environment, int Sessions, long Steps, double Seconds, long VectorSteps, double PolicyMilliseconds, ResourceSample Used)
{
    public double StepsPerSecond => Steps / Seconds;

    /// <summary>Wall time of one step of all sessions together: policy, then the concurrent round trips.</summary>
    public double MillisecondsPerVectorStep => Seconds * 1000 / VectorSteps;

    public double PolicyMillisecondsPerVectorStep => PolicyMilliseconds / VectorSteps;

    public double ClientMicrosecondsPerStep => Used.ClientCpu.TotalMicroseconds / Steps;

    public double? ServerMicrosecondsPerStep => Used.ServerCpu?.TotalMicroseconds / Steps;
}
