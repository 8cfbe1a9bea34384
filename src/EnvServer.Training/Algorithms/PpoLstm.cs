using System.Diagnostics;
using EnvServer.Training.Logging;
using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Rollouts;
using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// PPO with an LSTM core, as CleanRL's ppo_atari_lstm.py: the LSTM state is carried from step to step of each session
/// and zeroed where an episode starts; a rollout keeps the state it started from, and the update re-runs the LSTM over
/// the stored sequences from that state, so minibatches are made of whole sessions' sequences (NumEnvs / NumMinibatches
/// sessions each), never of shuffled single steps. The rest is PPO as <see cref="Ppo"/>: GAE (bootstrapping truncated
/// episodes from the final observation, with the episode's memory, only if <see cref="PpoLstmOptions.BootstrapTruncated"/>), advantage normalisation per minibatch,
/// clipped surrogate and value losses, entropy bonus, learning-rate annealing, global gradient clipping, Adam (ε 1e-5),
/// reward normalisation; metrics under CleanRL's names.
/// </summary>
internal static class PpoLstm
{
    /// <param name="envs">The training sessions.</param>
    /// <param name="actionSpace">A discrete action without a mask.</param>
    /// <param name="options">Hyperparameters.</param>
    /// <param name="log">Receives the metrics.</param>
    /// <param name="evaluate">Plays the current agent deterministically every <see cref="PpoLstmOptions.EvalEvery"/>
    /// updates and after the last one (eval/mean_reward); null skips evaluation.</param>
    /// <param name="ct">Cancels training.</param>
    public static async Task<RecurrentActorCritic> TrainAsync(
        EnvironmentVector envs, ActionSpace actionSpace, PpoLstmOptions options, MetricsLog log, PolicyEvaluator? evaluate = null, CancellationToken ct = default)
    {
        if (options.NumMinibatches < 1 || envs.Count % options.NumMinibatches != 0)
            throw new ArgumentException($"--num-envs {envs.Count} is not a multiple of --num-minibatches {options.NumMinibatches}: a minibatch is a set of whole sessions.");
        var random = new Random(options.Seed);
        using var generator = new Generator((ulong)options.Seed);
        var n = envs.Count;
        var batchSize = options.BatchSize;
        var agent = new RecurrentActorCritic(envs.Observations[0].Length, actionSpace, options.HiddenSize, options.LstmSize, options.TimeFeature, generator);
        var optimizer = optim.Adam(agent.parameters(), options.LearningRate, eps: 1e-5);

        // Rollout storage, indexed [step · n + session], as CleanRL's (num_steps, num_envs) tensors flattened.
        var inputs = new float[batchSize * agent.InputSize];
        var starts = new float[batchSize];
        var actions = new long[batchSize];
        var logProbs = new float[batchSize];
        var rewards = new float[batchSize];
        var values = new float[batchSize];
        var terminated = new bool[batchSize];
        var truncated = new bool[batchSize];
        var truncatedValues = new float[batchSize];
        var advantages = new float[batchSize];
        var returns = new float[batchSize];
        var rewardNormalizer = options.NormReward ? new RewardNormalizer(n, options.Gamma) : null;
        var state = agent.InitialState(n);
        var nextStarts = Enumerable.Repeat(1f, n).ToArray();
        long globalStep = 0;
        var clock = Stopwatch.StartNew();

        for (var update = 1; update <= options.NumUpdates; update++)
        {
            var learningRate = options.AnnealLr ? (1.0 - (update - 1.0) / options.NumUpdates) * options.LearningRate : options.LearningRate;
            foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
            var initialState = state;

            // 1. Roll out the current policy, carrying each session's LSTM state.
            for (var t = 0; t < options.NumSteps; t++)
            {
                var raw = agent.Inputs(envs);
                agent.Normalizer.Update(Matrix.FromRows(raw));
                var wireActions = new object[n];
                using (NewDisposeScope())
                using (no_grad())
                {
                    var observation = agent.Normalize(raw);
                    observation.data<float>().CopyTo(inputs, t * n * agent.InputSize);
                    Array.Copy(nextStarts, 0, starts, t * n, n);
                    var (hidden, next) = agent.States(observation, state, tensor(nextStarts));
                    var (sampled, sampledLogProbs) = RecurrentActorCritic.Act(agent.Logits(hidden), deterministic: false, random);
                    sampled.CopyTo(actions, t * n);
                    sampledLogProbs.CopyTo(logProbs, t * n);
                    agent.Value(hidden).data<float>().CopyTo(values, t * n);
                    if (!ReferenceEquals(state, initialState)) state.Dispose();
                    state = new LstmState(next.H.DetachFromDisposeScope(), next.C.DetachFromDisposeScope());
                }

                for (var i = 0; i < n; i++) wireActions[i] = actionSpace.ToAction(actions[t * n + i]);
                var step = await envs.StepAsync(wireActions, ct);
                globalStep += n;
                rewardNormalizer?.Normalize(step.Rewards, step.Terminated, step.Truncated);
                for (var i = 0; i < n; i++)
                {
                    var k = t * n + i;
                    var ended = step.Terminated[i] || step.Truncated[i] && !options.BootstrapTruncated;
                    (rewards[k], terminated[k], truncated[k]) = (step.Rewards[i], ended, step.Truncated[i]);
                    nextStarts[i] = step.Terminated[i] || step.Truncated[i] ? 1f : 0f;
                }

                foreach (var episode in step.Episodes)
                {
                    EpisodeMetrics.Record(log, globalStep, episode);
                    var k = t * n + episode.Session;
                    if (truncated[k] && !terminated[k])
                    {
                        truncatedValues[k] = FinalValue(agent, state, episode.Session, agent.Input(step.FinalObservations[episode.Session]!, episode.Length));
                    }
                }
            }

            // 2. Advantages and value targets, per session, bootstrapped from the observations after the rollout.
            float[] lastValues;
            using (NewDisposeScope())
            using (no_grad())
            {
                var (hidden, _) = agent.States(agent.Normalize(agent.Inputs(envs)), state, tensor(nextStarts));
                lastValues = agent.Value(hidden).data<float>().ToArray();
            }

            GeneralizedAdvantageEstimation.ComputeInterleaved(
                n, rewards, values, terminated, truncated, truncatedValues, lastValues, options.Gamma, options.GaeLambda, advantages, returns);

            // 3. Minibatch epochs over whole sessions' sequences.
            var losses = Optimize(
                agent, optimizer, options, n, inputs, starts, actions, logProbs, values, advantages, returns, initialState, random);
            if (!ReferenceEquals(state, initialState)) initialState.Dispose();

            log.Record("charts/learning_rate", globalStep, learningRate);
            log.Record("losses/value_loss", globalStep, losses.ValueLoss);
            log.Record("losses/policy_loss", globalStep, losses.PolicyLoss);
            log.Record("losses/entropy", globalStep, losses.Entropy);
            log.Record("losses/approx_kl", globalStep, losses.ApproxKl);
            log.Record("losses/clipfrac", globalStep, losses.ClipFraction);
            log.Record("losses/explained_variance", globalStep, Ppo.ExplainedVariance(values, returns));
            var evaluationDue = options.EvalEvery > 0 && update % options.EvalEvery == 0 || update == options.NumUpdates;
            if (evaluate is not null && evaluationDue)
            {
                EpisodeMetrics.RecordEvaluation(log, globalStep, await evaluate(agent, globalStep, ct));
            }

            log.Record("charts/SPS", globalStep, globalStep / clock.Elapsed.TotalSeconds);
        }

        state.Dispose();
        return agent;
    }

    /// <summary>V of an episode's final observation, read with the memory of that episode (the session's state after its last step).</summary>
    private static float FinalValue(RecurrentActorCritic agent, LstmState state, int session, float[] input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var sessionState = new LstmState(state.H.narrow(1, session, 1), state.C.narrow(1, session, 1));
        var (hidden, _) = agent.States(agent.Normalize([input]), sessionState, zeros(1));
        return agent.Value(hidden).item<float>();
    }

    /// <summary>
    /// An update's epochs: each minibatch is NumEnvs / NumMinibatches sessions (shuffled per epoch) with all their
    /// steps, time-major, and the LSTM runs over them again from the state the rollout started in.
    /// </summary>
    internal static UpdateLosses Optimize(
        RecurrentActorCritic agent, optim.Optimizer optimizer, PpoLstmOptions options, int n, float[] inputs, float[] starts, long[] actions,
        float[] oldLogProbs, float[] oldValues, float[] advantages, float[] returns, LstmState initialState, Random random)
    {
        using var scope = NewDisposeScope();
        var batchSize = starts.Length;
        var allInputs = tensor(inputs, batchSize, agent.InputSize);
        var allStarts = tensor(starts);
        var allActions = tensor(actions);
        var allLogProbs = tensor(oldLogProbs);
        var allValues = tensor(oldValues);
        var allAdvantages = tensor(advantages);
        var allReturns = tensor(returns);
        var order = Enumerable.Range(0, n).ToArray();
        var totals = new UpdateLosses();
        var minibatches = 0;

        for (var epoch = 0; epoch < options.UpdateEpochs; epoch++)
        {
            random.Shuffle(order);
            var epochKl = 0.0;
            var epochMinibatches = 0;
            for (var first = 0; first < n; first += options.EnvsPerBatch)
            {
                using var minibatchScope = NewDisposeScope();
                var sessions = order[first..(first + options.EnvsPerBatch)];
                var rows = tensor(MinibatchRows(sessions, options.NumSteps, n));
                var sessionIndex = tensor(sessions.Select(s => (long)s).ToArray());
                var (hidden, _) = agent.States(
                    allInputs.index_select(0, rows),
                    new LstmState(initialState.H.index_select(1, sessionIndex), initialState.C.index_select(1, sessionIndex)),
                    allStarts.index_select(0, rows));
                var distribution = distributions.Categorical(logits: agent.Logits(hidden));
                var newLogProbs = distribution.log_prob(allActions.index_select(0, rows));
                var entropy = distribution.entropy().mean();
                var newValues = agent.Value(hidden);
                var oldLogProb = allLogProbs.index_select(0, rows);
                var oldValue = allValues.index_select(0, rows);
                var advantage = allAdvantages.index_select(0, rows);
                var target = allReturns.index_select(0, rows);

                var logRatio = newLogProbs - oldLogProb;
                var ratio = logRatio.exp();
                if (options.NormAdv) advantage = (advantage - advantage.mean()) / (advantage.std() + 1e-8);
                var policyLoss = max(-advantage * ratio, -advantage * ratio.clamp(1 - options.ClipCoef, 1 + options.ClipCoef)).mean();
                var valueLoss = options.ClipVloss
                    ? 0.5 * max((newValues - target).square(), (oldValue + (newValues - oldValue).clamp(-options.ClipCoef, options.ClipCoef) - target).square()).mean()
                    : 0.5 * (newValues - target).square().mean();
                var loss = policyLoss - options.EntCoef * entropy + options.VfCoef * valueLoss;

                optimizer.zero_grad();
                loss.backward();
                nn.utils.clip_grad_norm_(agent.parameters(), options.MaxGradNorm);
                optimizer.step();

                using (no_grad())
                {
                    var approxKl = ((ratio - 1) - logRatio).mean().item<float>();
                    var clipFraction = ((ratio - 1).abs() > options.ClipCoef).to_type(ScalarType.Float32).mean().item<float>();
                    totals += new UpdateLosses(policyLoss.item<float>(), valueLoss.item<float>(), entropy.item<float>(), approxKl, clipFraction);
                    epochKl += approxKl;
                }

                minibatches++;
                epochMinibatches++;
            }

            if (options.TargetKl is { } limit && epochKl / epochMinibatches > limit) break;
        }

        return totals.Over(minibatches);
    }

    /// <summary>Rows of the rollout storage holding <paramref name="sessions"/>' steps, time-major: step t of the
    /// minibatch's b-th session at t·B + b, the layout <see cref="RecurrentActorCritic.States"/> reads.</summary>
    internal static long[] MinibatchRows(IReadOnlyList<int> sessions, int steps, int n)
    {
        var rows = new long[steps * sessions.Count];
        for (var t = 0; t < steps; t++)
        {
            for (var b = 0; b < sessions.Count; b++) rows[t * sessions.Count + b] = t * n + sessions[b];
        }

        return rows;
    }

    /// <summary>The means over an update's minibatches of what <c>losses/*</c> logs.</summary>
    internal readonly record struct UpdateLosses(double PolicyLoss, double ValueLoss, double Entropy, double ApproxKl, double ClipFraction)
    {
        public static UpdateLosses operator +(UpdateLosses a, UpdateLosses b) =>
            new(a.PolicyLoss + b.PolicyLoss, a.ValueLoss + b.ValueLoss, a.Entropy + b.Entropy, a.ApproxKl + b.ApproxKl, a.ClipFraction + b.ClipFraction);

        public UpdateLosses Over(int count) => new(PolicyLoss / count, ValueLoss / count, Entropy / count, ApproxKl / count, ClipFraction / count);
    }
}
