using System.Diagnostics;
using EnvServer.Training.Logging;
using EnvServer.Training.Networks;
using EnvServer.Training.Rollouts;
using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// Dueling double DQN with prioritized experience replay, following CleanRL's dqn.py loop: ε-greedy rollouts from
/// concurrent sessions (ε decaying linearly), transitions (optionally n-step) into a proportional prioritized replay
/// buffer, a gradient step every <see cref="DqnOptions.TrainFrequency"/> environment steps on an importance-weighted
/// Huber loss against double-DQN targets, priorities updated to the new TD errors, and a target network refreshed
/// every <see cref="DqnOptions.TargetNetworkFrequency"/> steps (hard copy or Polyak). Truncated episodes bootstrap
/// from their final observation; terminated ones do not.
/// </summary>
internal static class Dqn
{
    public static async Task<QAgent> TrainAsync(
        EnvironmentVector envs, ActionSpace actionSpace, DqnOptions options, MetricsLog log, PolicyEvaluator? evaluate = null, CancellationToken ct = default)
    {
        if (!actionSpace.IsDiscrete) throw new NotSupportedException("DQN needs a discrete action space.");
        var device = TorchDevice.Parse(options.Device);
        torch.manual_seed(options.Seed);
        var random = new Random(options.Seed);
        var n = envs.Count;
        var observationSize = envs.Observations[0].Length;
        var online = new DuelingQNetwork(observationSize, actionSpace.Size, options.HiddenSize);
        var target = new DuelingQNetwork(observationSize, actionSpace.Size, options.HiddenSize);
        online.to(device);
        target.to(device);
        target.SoftUpdateFrom(online, 1f);
        var agent = new QAgent(online, actionSpace);
        var parameters = online.parameters().ToArray();
        var optimizer = optim.Adam(parameters, options.LearningRate, eps: Ppo.AdamEpsilon);
        var buffer = new PrioritizedReplayBuffer(options.BufferSize, observationSize, options.Prioritized ? options.PriorityAlpha : 0f);
        var accumulators = Enumerable.Range(0, n).Select(_ => new NStepAccumulator(options.NStep, options.Gamma)).ToArray();

        var batch = new ReplayBatch(options.BatchSize, observationSize);
        var explorationSteps = options.ExplorationFraction * options.TotalTimesteps;
        long globalStep = 0, trainedUntil = options.LearningStarts, targetUpdatedAt = 0, evaluatedAt = 0;
        var gradientSteps = 0;
        var clock = Stopwatch.StartNew();

        while (globalStep < options.TotalTimesteps)
        {
            // 1. Act ε-greedily in every session.
            agent.Epsilon = (float)Math.Max(options.EndE, options.StartE + (options.EndE - options.StartE) * globalStep / explorationSteps);
            var observations = envs.Observations.ToArray();
            var actions = agent.ChooseActions(envs, deterministic: false, random);
            var step = await envs.StepAsync(actions.Select(actionSpace.ToAction).ToArray(), ct);
            globalStep += n;

            // 2. Store the transitions (the final observation, not the reset one, ends an episode).
            for (var i = 0; i < n; i++)
            {
                var next = step.FinalObservations[i] ?? envs.Observations[i];
                foreach (var transition in accumulators[i].Add(observations[i], (int)actions[i], step.Rewards[i] * options.RewardScale, next, step.Terminated[i], step.Truncated[i]))
                {
                    buffer.Add(transition);
                }
            }

            foreach (var episode in step.Episodes) EpisodeMetrics.Record(log, globalStep, episode);

            // 3. Learn: one gradient step per TrainFrequency environment steps once LearningStarts is reached.
            while (globalStep >= trainedUntil + options.TrainFrequency && buffer.Count >= options.BatchSize)
            {
                trainedUntil += options.TrainFrequency;
                var learningRate = options.AnnealLr ? options.LearningRate * Math.Max(0f, 1f - (float)globalStep / options.TotalTimesteps) : options.LearningRate;
                Ppo.SetLearningRate(optimizer, learningRate);
                var beta = options.PriorityBeta + (1f - options.PriorityBeta) * Math.Min(1f, (float)globalStep / options.TotalTimesteps);
                buffer.Sample(batch, beta, random);

                using var scope = NewDisposeScope();
                Tensor targets;
                using (no_grad())
                {
                    var nextObservations = Tensor(batch.NextObservations, device);
                    targets = DqnLoss.DoubleTargets(
                        online.forward(nextObservations), target.forward(nextObservations), tensor(batch.Rewards, device: device), tensor(batch.Discounts, device: device));
                }

                var batchActions = tensor(batch.Actions.Select(a => (long)a).ToArray(), device: device);
                var takenQ = online.forward(Tensor(batch.Observations, device)).gather(1, batchActions.unsqueeze(1)).squeeze(1);
                var (loss, tdErrors) = DqnLoss.Huber(takenQ, targets, tensor(batch.Weights, device: device));
                optimizer.zero_grad();
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, options.MaxGradNorm);
                optimizer.step();
                buffer.UpdatePriorities(batch.Indices, tdErrors.cpu().data<float>().ToArray(), options.PriorityEpsilon);

                if (++gradientSteps % 100 == 0)
                {
                    log.Record("losses/td_loss", globalStep, loss.item<float>());
                    log.Record("losses/q_values", globalStep, takenQ.mean().item<float>());
                    log.Record("charts/learning_rate", globalStep, learningRate);
                    log.Record("charts/epsilon", globalStep, agent.Epsilon);
                    log.Record("charts/beta", globalStep, beta);
                    log.Record("charts/SPS", globalStep, globalStep / clock.Elapsed.TotalSeconds);
                }
            }

            if (globalStep - targetUpdatedAt >= options.TargetNetworkFrequency)
            {
                targetUpdatedAt = globalStep;
                target.SoftUpdateFrom(online, options.Tau);
            }

            var evaluationDue = options.EvalFrequency > 0 && globalStep - evaluatedAt >= options.EvalFrequency || globalStep >= options.TotalTimesteps;
            if (evaluate is not null && evaluationDue)
            {
                evaluatedAt = globalStep;
                EpisodeMetrics.RecordEvaluation(log, globalStep, await evaluate(agent, globalStep, ct));
            }
        }

        return agent;
    }

    /// <summary>A replay matrix as a [rows, columns] tensor on <paramref name="device"/>.</summary>
    private static Tensor Tensor(NeuralNetworks.Matrix matrix, Device device) => tensor(matrix.Data, [matrix.Rows, matrix.Columns], device: device);
}
