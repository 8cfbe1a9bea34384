using System.Diagnostics;
using EnvServer.Training.Logging;
using EnvServer.Training.Networks;
using EnvServer.Training.Rollouts;
using TorchSharp;
using static TorchSharp.torch;

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
    /// <summary>Adam's ε in every algorithm of the worker (CleanRL's PPO value).</summary>
    public const double AdamEpsilon = 1e-5;

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
    /// <param name="extraLoss">A term added to every minibatch's loss before backward (FedProx's proximal term); null adds nothing.</param>
    /// <param name="ct">Cancels training.</param>
    public static async Task<ActorCritic> TrainAsync(
        EnvironmentVector envs, ActionSpace actionSpace, PpoOptions options, MetricsLog log, PolicyEvaluator? evaluate = null,
        ActorCritic? start = null, RunningMeanStd? returnStatistics = null, Func<Tensor>? extraLoss = null, CancellationToken ct = default)
    {
        var device = TorchDevice.Parse(options.Device);
        torch.manual_seed(options.Seed);
        var random = new Random(options.Seed);
        using var generator = new Generator((ulong)options.Seed, device);
        var n = envs.Count;
        var steps = options.NumSteps;
        var observationSize = envs.Observations[0].Length;
        var agent = start ?? new ActorCritic(observationSize, actionSpace, options.HiddenSize);
        agent.to(device);
        var optimizer = optim.Adam(agent.parameters(), options.LearningRate, eps: AdamEpsilon);

        // Per-session rollout data for GAE, indexed [step · n + session] as CleanRL's (num_steps, num_envs) tensors flattened.
        var rewards = new float[options.BatchSize];
        var terminated = new bool[options.BatchSize];
        var truncated = new bool[options.BatchSize];
        var truncatedValues = new float[options.BatchSize];
        var advantages = new float[options.BatchSize];
        var returns = new float[options.BatchSize];
        var rewardNormalizer = options.NormReward ? new RewardNormalizer(n, options.Gamma, returnStatistics) : null;
        long globalStep = 0;
        var clock = Stopwatch.StartNew();

        for (var update = 1; update <= options.NumUpdates; update++)
        {
            using var updateScope = NewDisposeScope();
            var learningRate = options.AnnealLr ? (1f - (update - 1f) / options.NumUpdates) * options.LearningRate : options.LearningRate;
            SetLearningRate(optimizer, learningRate);
            var observations = zeros([steps, n, observationSize], device: device);
            var actions = actionSpace.IsDiscrete ? zeros([steps, n], ScalarType.Int64, device) : zeros([steps, n, actionSpace.Size], device: device);
            var logProbs = zeros([steps, n], device: device);
            var values = zeros([steps, n], device: device);

            // 1. Roll out the current policy.
            for (var t = 0; t < steps; t++)
            {
                float[] chosen;
                using (var stepScope = NewDisposeScope())
                using (no_grad())
                {
                    agent.Normalizer.Update(NeuralNetworks.Matrix.FromRows(envs.Observations));
                    var x = agent.Observe(envs.Observations);
                    var (action, logProb, _, value) = agent.GetActionAndValue(x, generator: generator);
                    observations[t].copy_(x);
                    actions[t].copy_(action);
                    logProbs[t].copy_(logProb);
                    values[t].copy_(value.view(-1));
                    chosen = ActorCritic.ToFloats(action);
                }

                var step = await envs.StepAsync(chosen.Select(a => actionSpace.ToAction(a)).ToArray(), ct);
                globalStep += n;
                rewardNormalizer?.Normalize(step.Rewards, step.Terminated, step.Truncated);
                var bootstrap = new List<int>();
                for (var i = 0; i < n; i++)
                {
                    var k = t * n + i;
                    rewards[k] = step.Rewards[i];
                    terminated[k] = step.Terminated[i];
                    truncated[k] = step.Truncated[i];
                    truncatedValues[k] = 0;
                    if (step.Truncated[i] && !step.Terminated[i]) bootstrap.Add(i);
                }

                if (bootstrap.Count > 0)
                {
                    var finalValues = Values(agent, bootstrap.Select(i => step.FinalObservations[i]!).ToArray());
                    for (var j = 0; j < bootstrap.Count; j++) truncatedValues[t * n + bootstrap[j]] = finalValues[j];
                }

                foreach (var episode in step.Episodes) EpisodeMetrics.Record(log, globalStep, episode);
            }

            // 2. Advantages and value targets, per session.
            var valuesCpu = values.cpu().data<float>().ToArray();
            ComputeAdvantages(n, options, rewards, valuesCpu, terminated, truncated, truncatedValues, Values(agent, envs.Observations), advantages, returns);

            // 3. Minibatch epochs.
            var batch = new RolloutBatch(
                observations.reshape(-1, observationSize),
                actionSpace.IsDiscrete ? actions.reshape(-1) : actions.reshape(-1, actionSpace.Size),
                logProbs.reshape(-1),
                values.reshape(-1),
                tensor(advantages, device: device),
                tensor(returns, device: device));
            var losses = Optimize(agent, optimizer, options, batch, random, extraLoss);

            log.Record("charts/learning_rate", globalStep, learningRate);
            log.Record("losses/value_loss", globalStep, losses.ValueLoss);
            log.Record("losses/policy_loss", globalStep, losses.PolicyLoss);
            log.Record("losses/entropy", globalStep, losses.Entropy);
            log.Record("losses/approx_kl", globalStep, losses.ApproxKl);
            log.Record("losses/clipfrac", globalStep, losses.ClipFraction);
            log.Record("losses/explained_variance", globalStep, ExplainedVariance(valuesCpu, returns));
            var evaluationDue = options.EvalEvery > 0 && update % options.EvalEvery == 0 || update == options.NumUpdates;
            if (evaluate is not null && evaluationDue)
            {
                EpisodeMetrics.RecordEvaluation(log, globalStep, await evaluate(agent, globalStep, ct));
            }

            log.Record("charts/SPS", globalStep, globalStep / clock.Elapsed.TotalSeconds);
        }

        return agent;
    }

    /// <summary>Sets every parameter group's learning rate (CleanRL: <c>optimizer.param_groups[0]["lr"] = lrnow</c>).</summary>
    public static void SetLearningRate(optim.Optimizer optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
    }

    /// <summary>The critic's values of raw observations, normalised with the current statistics.</summary>
    private static float[] Values(ActorCritic agent, IReadOnlyList<float[]> observations)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return agent.GetValue(agent.Observe(observations)).cpu().reshape(-1).data<float>().ToArray();
    }

    private static void ComputeAdvantages(
        int n, PpoOptions options, float[] rewards, float[] values, bool[] terminated, bool[] truncated, float[] truncatedValues,
        float[] lastValues, float[] advantages, float[] returns)
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
                sessionRewards, sessionValues, sessionTerminated, sessionTruncated, sessionTruncatedValues, lastValues[i],
                options.Gamma, options.GaeLambda, sessionAdvantages, sessionReturns);
            for (var t = 0; t < steps; t++) (advantages[t * n + i], returns[t * n + i]) = (sessionAdvantages[t], sessionReturns[t]);
        }
    }

    /// <summary>An update's minibatch epochs over a collected rollout (internal so the benchmark can time it without the rollout).</summary>
    internal static UpdateLosses Optimize(
        ActorCritic agent, optim.Optimizer optimizer, PpoOptions options, RolloutBatch batch, Random random, Func<Tensor>? extraLoss = null)
    {
        var minibatch = options.MinibatchSize;
        var order = Enumerable.Range(0, options.BatchSize).Select(i => (long)i).ToArray();
        var parameters = agent.parameters().ToArray();
        var device = batch.Observations.device;
        var totals = new UpdateLosses();
        var minibatches = 0;

        for (var epoch = 0; epoch < options.UpdateEpochs; epoch++)
        {
            random.Shuffle(order);
            var epochKl = 0.0;
            var epochMinibatches = 0;
            for (var start = 0; start + minibatch <= order.Length; start += minibatch)
            {
                using var scope = NewDisposeScope();
                var indices = tensor(order.AsSpan(start, minibatch).ToArray(), device: device);
                var (_, newLogProb, entropy, newValue) = agent.GetActionAndValue(batch.Observations[indices], batch.Actions[indices]);
                var oldLogProb = batch.LogProbs[indices];
                var advantages = batch.Advantages[indices];
                if (options.NormAdv) advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8);
                var loss = PpoLoss.Compute(newLogProb, entropy, newValue.view(-1), oldLogProb, batch.Values[indices], advantages, batch.Returns[indices], options);

                optimizer.zero_grad();
                (extraLoss is null ? loss.Total : loss.Total + extraLoss()).backward();
                nn.utils.clip_grad_norm_(parameters, options.MaxGradNorm);
                optimizer.step();

                var (approxKl, clipFraction) = PpoLoss.Diagnostics(newLogProb, oldLogProb, options.ClipCoef);
                totals.PolicyLoss += loss.Policy.item<float>();
                totals.ValueLoss += loss.Value.item<float>();
                totals.Entropy += loss.Entropy.item<float>();
                totals.ApproxKl += approxKl;
                totals.ClipFraction += clipFraction;
                minibatches++;
                epochKl += approxKl;
                epochMinibatches++;
            }

            if (options.TargetKl is { } target && epochKl / epochMinibatches > target) break;
        }

        return totals.Mean(minibatches);
    }

    /// <summary>1 − Var(returns − values)/Var(returns): how much of the return the critic explains.</summary>
    internal static double ExplainedVariance(float[] values, float[] returns)
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

    /// <summary>A rollout flattened to CleanRL's b_obs, b_actions, b_logprobs, b_values, b_advantages, b_returns.</summary>
    internal sealed record RolloutBatch(Tensor Observations, Tensor Actions, Tensor LogProbs, Tensor Values, Tensor Advantages, Tensor Returns);

    internal sealed class UpdateLosses
    {
        public double PolicyLoss { get; set; }

        public double ValueLoss { get; set; }

        public double Entropy { get; set; }

        public double ApproxKl { get; set; }

        public double ClipFraction { get; set; }

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
