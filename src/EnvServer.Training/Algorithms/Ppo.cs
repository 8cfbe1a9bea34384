using System.Diagnostics;
using EnvServer.Training.Logging;
using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Networks;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// Proximal Policy Optimization (Schulman et al. 2017) with the implementation details of CleanRL's
/// ppo.py / ppo_continuous_action.py: rollouts from concurrent sessions, GAE with bootstrapping of
/// truncated episodes, advantage normalisation per minibatch, clipped surrogate and clipped value loss,
/// entropy bonus, learning-rate annealing, minibatch epochs, global gradient clipping, Adam (ε 1e-5).
/// Metrics use CleanRL's names. Losses are the means over each update's minibatches. Rewards are normalised as
/// CleanRL's continuous script does when <see cref="PpoOptions.NormReward"/> is set; logged returns stay raw.
/// </summary>
internal static class Ppo
{
    /// <param name="envs">The training sessions.</param>
    /// <param name="actionSpace">What the actor outputs.</param>
    /// <param name="options">Hyperparameters.</param>
    /// <param name="log">Receives the metrics.</param>
    /// <param name="evaluate">Plays the current agent deterministically on held-out episodes every
    /// <see cref="PpoOptions.EvalEvery"/> updates and after the last one (logged as eval/mean_reward); null skips evaluation.</param>
    /// <param name="start">An agent to go on training in place (a federated round's global model, with its observation
    /// statistics); null starts from a fresh one.</param>
    /// <param name="returnStatistics">Reward normalisation's statistics to continue from and update (a federated client's,
    /// kept across rounds); null starts fresh ones.</param>
    /// <param name="ct">Cancels training.</param>
    public static async Task<ActorCritic> TrainAsync(
        EnvironmentVector envs, ActionSpace actionSpace, PpoOptions options, MetricsLog log, PolicyEvaluator? evaluate = null,
        ActorCritic? start = null, RunningMeanStd? returnStatistics = null, CancellationToken ct = default)
    {
        var random = new Random(options.Seed);
        var n = envs.Count;
        var batchSize = options.BatchSize;
        var observationSize = envs.Observations[0].Length;
        var agent = start ?? new ActorCritic(observationSize, actionSpace, options.HiddenSize, random);
        var optimizer = new Adam(agent.Parameters, options.LearningRate);
        var proximal = options.ProximalMu > 0 ? new ProximalTerm(agent.Parameters, options.ProximalMu) : null;

        // Rollout storage, indexed [step · n + session], as CleanRL's (num_steps, num_envs) tensors flattened.
        var observations = new Matrix(batchSize, observationSize);
        var actions = new float[batchSize];
        var logProbs = new float[batchSize];
        var rewards = new float[batchSize];
        var values = new float[batchSize];
        var terminated = new bool[batchSize];
        var truncated = new bool[batchSize];
        var truncatedValues = new float[batchSize];
        var advantages = new float[batchSize];
        var returns = new float[batchSize];
        var logProbScratch = new float[actionSpace.Size];
        var rewardNormalizer = options.NormReward ? new RewardNormalizer(n, options.Gamma, returnStatistics) : null;
        long globalStep = 0;
        var clock = Stopwatch.StartNew();

        for (var update = 1; update <= options.NumUpdates; update++)
        {
            if (options.AnnealLr) optimizer.LearningRate = (1f - (update - 1f) / options.NumUpdates) * options.LearningRate;

            // 1. Roll out the current policy.
            for (var t = 0; t < options.NumSteps; t++)
            {
                agent.Normalizer.Update(Matrix.FromRows(envs.Observations));
                var observation = agent.Normalize(envs.Observations);
                var actorOutput = agent.Actor.Forward(observation);
                var valueOutput = agent.Critic.Forward(observation);
                var wireActions = new object[n];
                for (var i = 0; i < n; i++)
                {
                    var k = t * n + i;
                    observation.Row(i).CopyTo(observations.Row(k));
                    (actions[k], logProbs[k]) = agent.Act(actorOutput.Row(i), deterministic: false, random, logProbScratch);
                    values[k] = valueOutput[i, 0];
                    wireActions[i] = actionSpace.ToAction(actions[k]);
                }

                var step = await envs.StepAsync(wireActions, ct);
                globalStep += n;
                rewardNormalizer?.Normalize(step.Rewards, step.Terminated, step.Truncated);
                for (var i = 0; i < n; i++)
                {
                    var k = t * n + i;
                    rewards[k] = step.Rewards[i];
                    terminated[k] = step.Terminated[i];
                    truncated[k] = step.Truncated[i];
                    if (step.Truncated[i] && !step.Terminated[i])
                    {
                        truncatedValues[k] = agent.Critic.Forward(agent.Normalize([step.FinalObservations[i]!]))[0, 0];
                    }
                }

                foreach (var episode in step.Episodes) EpisodeMetrics.Record(log, globalStep, episode);
            }

            // 2. Advantages and value targets, per session.
            var lastValues = agent.Critic.Forward(agent.Normalize(envs.Observations));
            ComputeAdvantages(n, options, rewards, values, terminated, truncated, truncatedValues, lastValues, advantages, returns);

            // 3. Minibatch epochs.
            var losses = Optimize(agent, optimizer, proximal, options, observations, actions, logProbs, values, advantages, returns, random);

            log.Record("charts/learning_rate", globalStep, optimizer.LearningRate);
            log.Record("losses/value_loss", globalStep, losses.ValueLoss);
            log.Record("losses/policy_loss", globalStep, losses.PolicyLoss);
            log.Record("losses/entropy", globalStep, losses.Entropy);
            log.Record("losses/approx_kl", globalStep, losses.ApproxKl);
            log.Record("losses/clipfrac", globalStep, losses.ClipFraction);
            log.Record("losses/explained_variance", globalStep, ExplainedVariance(values, returns));
            var evaluationDue = options.EvalEvery > 0 && update % options.EvalEvery == 0 || update == options.NumUpdates;
            if (evaluate is not null && evaluationDue)
            {
                EpisodeMetrics.RecordEvaluation(log, globalStep, await evaluate(agent, globalStep, ct));
            }

            log.Record("charts/SPS", globalStep, globalStep / clock.Elapsed.TotalSeconds);
        }

        return agent;
    }

    private static void ComputeAdvantages(
        int n, PpoOptions options, float[] rewards, float[] values, bool[] terminated, bool[] truncated, float[] truncatedValues,
        Matrix lastValues, float[] advantages, float[] returns)
    {
        var steps = options.NumSteps;
        var sessionRewards = new float[steps];
        var sessionValues = new float[steps];
        var sessionTerminated = new bool[steps];
        var sessionTruncated = new bool[steps];
        var sessionTruncatedValues = new float[steps];
        var sessionAdvantages = new float[steps];
        var sessionReturns = new float[steps];
        for (var i = 0; i < n; i++)
        {
            for (var t = 0; t < steps; t++)
            {
                var k = t * n + i;
                (sessionRewards[t], sessionValues[t], sessionTerminated[t], sessionTruncated[t], sessionTruncatedValues[t]) =
                    (rewards[k], values[k], terminated[k], truncated[k], truncatedValues[k]);
            }

            GeneralizedAdvantageEstimation.Compute(
                sessionRewards, sessionValues, sessionTerminated, sessionTruncated, sessionTruncatedValues, lastValues[i, 0],
                options.Gamma, options.GaeLambda, sessionAdvantages, sessionReturns);
            for (var t = 0; t < steps; t++) (advantages[t * n + i], returns[t * n + i]) = (sessionAdvantages[t], sessionReturns[t]);
        }
    }

    /// <summary>An update's minibatch epochs over a collected rollout (internal so the benchmark can time it without the rollout).</summary>
    internal static UpdateLosses Optimize(
        ActorCritic agent, Adam optimizer, ProximalTerm? proximal, PpoOptions options, Matrix observations, float[] actions, float[] oldLogProbs, float[] oldValues,
        float[] advantages, float[] returns, Random random)
    {
        var minibatch = options.MinibatchSize;
        var order = Enumerable.Range(0, options.BatchSize).ToArray();
        var batchObservations = new Matrix(minibatch, observations.Columns);
        var actorGradient = new Matrix(minibatch, agent.ActionSpace.Size);
        var valueGradient = new Matrix(minibatch, 1);
        var logProbs = new float[agent.ActionSpace.Size];
        var normalized = new float[minibatch];
        var totals = new UpdateLosses();
        var minibatches = 0;

        for (var epoch = 0; epoch < options.UpdateEpochs; epoch++)
        {
            random.Shuffle(order);
            var epochKl = 0.0;
            var epochMinibatches = 0;
            for (var start = 0; start + minibatch <= order.Length; start += minibatch)
            {
                var indices = order.AsSpan(start, minibatch);
                for (var j = 0; j < minibatch; j++) observations.Row(indices[j]).CopyTo(batchObservations.Row(j));
                NormalizeAdvantages(advantages, indices, options.NormAdv, normalized);

                foreach (var parameter in agent.Parameters) parameter.ZeroGradient();
                Array.Clear(actorGradient.Data);
                var actorOutput = agent.Actor.Forward(batchObservations);
                var valueOutput = agent.Critic.Forward(batchObservations);
                var losses = new UpdateLosses();
                for (var j = 0; j < minibatch; j++)
                {
                    var k = indices[j];
                    float newLogProb;
                    float entropy;
                    if (agent.ActionSpace.IsDiscrete)
                    {
                        Categorical.LogSoftmax(actorOutput.Row(j), [], logProbs);
                        newLogProb = logProbs[(int)actions[k]];
                        entropy = Categorical.Entropy(logProbs);
                    }
                    else
                    {
                        newLogProb = DiagonalGaussian.LogProb([actions[k]], actorOutput.Row(j), agent.LogStd!.Value);
                        entropy = DiagonalGaussian.Entropy(agent.LogStd.Value);
                    }

                    var (policyLoss, policyGradient) = PpoLoss.Policy(newLogProb, oldLogProbs[k], normalized[j], options.ClipCoef);
                    var (valueLoss, valueLossGradient) = options.ClipVloss
                        ? PpoLoss.Value(valueOutput[j, 0], oldValues[k], returns[k], options.ClipCoef)
                        : PpoLoss.UnclippedValue(valueOutput[j, 0], returns[k]);

                    // loss = mean(policy) − ent_coef·mean(entropy) + vf_coef·mean(value)
                    var logProbWeight = policyGradient / minibatch;
                    var entropyWeight = -options.EntCoef / minibatch;
                    if (agent.ActionSpace.IsDiscrete)
                        Categorical.Backward(logProbs, (int)actions[k], logProbWeight, entropyWeight, actorGradient.Row(j));
                    else
                        DiagonalGaussian.Backward([actions[k]], actorOutput.Row(j), agent.LogStd!.Value, logProbWeight, entropyWeight, actorGradient.Row(j), agent.LogStd.Gradient);
                    valueGradient[j, 0] = options.VfCoef * valueLossGradient / minibatch;

                    losses.PolicyLoss += policyLoss / minibatch;
                    losses.ValueLoss += valueLoss / minibatch;
                    losses.Entropy += entropy / minibatch;
                    losses.ApproxKl += PpoLoss.ApproximateKl(newLogProb, oldLogProbs[k]) / minibatch;
                    losses.ClipFraction += (PpoLoss.IsClipped(newLogProb, oldLogProbs[k], options.ClipCoef) ? 1.0 : 0.0) / minibatch;
                }

                agent.Actor.Backward(actorGradient);
                agent.Critic.Backward(valueGradient);
                proximal?.AddGradient();
                GradientClipping.ClipGlobalNorm(agent.Parameters, options.MaxGradNorm);
                optimizer.Step();

                totals.Add(losses);
                minibatches++;
                epochKl += losses.ApproxKl;
                epochMinibatches++;
            }

            if (options.TargetKl is { } target && epochKl / epochMinibatches > target) break;
        }

        return totals.Mean(minibatches);
    }

    /// <summary>(Â − mean)/(std + 1e-8) over the minibatch, std unbiased as torch's .std().</summary>
    private static void NormalizeAdvantages(float[] advantages, ReadOnlySpan<int> indices, bool normalize, float[] normalized)
    {
        var mean = 0.0;
        foreach (var k in indices) mean += advantages[k];
        mean /= indices.Length;
        var variance = 0.0;
        foreach (var k in indices) variance += (advantages[k] - mean) * (advantages[k] - mean);
        var std = Math.Sqrt(variance / Math.Max(indices.Length - 1, 1));
        for (var j = 0; j < indices.Length; j++)
        {
            normalized[j] = normalize ? (float)((advantages[indices[j]] - mean) / (std + 1e-8)) : advantages[indices[j]];
        }
    }

    /// <summary>1 − Var(returns − values)/Var(returns): how much of the return the critic explains.</summary>
    private static double ExplainedVariance(float[] values, float[] returns)
    {
        var returnVariance = Variance(returns.Select(r => (double)r));
        return returnVariance == 0 ? double.NaN : 1 - Variance(returns.Zip(values, (r, v) => (double)r - v)) / returnVariance;
    }

    private static double Variance(IEnumerable<double> sample)
    {
        var list = sample as IList<double> ?? sample.ToList();
        var mean = list.Average();
        return list.Sum(x => (x - mean) * (x - mean)) / list.Count;
    }

    internal sealed class UpdateLosses
    {
        public double PolicyLoss { get; set; }

        public double ValueLoss { get; set; }

        public double Entropy { get; set; }

        public double ApproxKl { get; set; }

        public double ClipFraction { get; set; }

        public void Add(UpdateLosses other)
        {
            PolicyLoss += other.PolicyLoss;
            ValueLoss += other.ValueLoss;
            Entropy += other.Entropy;
            ApproxKl += other.ApproxKl;
            ClipFraction += other.ClipFraction;
        }

        public UpdateLosses Mean(int count) => new()
        {
            PolicyLoss = PolicyLoss / count,
            ValueLoss = ValueLoss / count,
            Entropy = Entropy / count,
            ApproxKl = ApproxKl / count,
            ClipFraction = ClipFraction / count,
        };
    }
}
