using System.Diagnostics;
using EnvServer.Training.Logging;
using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// REINFORCE (Williams 1992) with a learned value baseline and action masking, for environments whose
/// observation carries an action mask (polypharmacy): the policy is a categorical over the mask's layout with
/// masked actions at probability 0, acting and learning alike. Sessions play whole episodes; every
/// <see cref="ReinforceOptions.EpisodesPerUpdate"/> finished episodes make one gradient step on
/// −(G − V(s))·log π(a|s) − ent_coef·H + vf_coef·½(V(s) − G)², with G the discounted Monte-Carlo return to the
/// episode's end. A time-limit truncation is an end here too: its timeout penalty is part of the return and the
/// remaining steps are in the observation, so there is nothing left to bootstrap. Episodes still running at an
/// update finish under the next policy (a small lag, as in any asynchronous batch). Metrics use CleanRL's names.
/// </summary>
internal static class Reinforce
{
    public static async Task<ActorCritic> TrainAsync(EnvironmentVector envs, ActionSpace actionSpace, ReinforceOptions options, MetricsLog log, CancellationToken ct = default)
    {
        var layout = actionSpace.Layout ?? throw new ArgumentException("REINFORCE needs a masked action space (an observation with an action mask).", nameof(actionSpace));
        var random = new Random(options.Seed);
        var n = envs.Count;
        var agent = new ActorCritic(envs.Observations[0].Length, actionSpace, options.HiddenSize, random);
        var optimizer = new Adam(agent.Parameters, options.LearningRate);
        var running = Enumerable.Range(0, n).Select(_ => new List<Transition>()).ToArray();
        var finished = new List<Transition[]>();
        var logProbScratch = new float[actionSpace.Size];
        long globalStep = 0;
        var clock = Stopwatch.StartNew();

        while (globalStep < options.TotalTimesteps)
        {
            if (options.AnnealLr) optimizer.LearningRate = (1f - (float)globalStep / options.TotalTimesteps) * options.LearningRate;

            // 1. One step of every session with the current policy, among the actions its mask allows.
            agent.Normalizer.Update(Matrix.FromRows(envs.Observations));
            var observation = agent.Normalize(envs.Observations);
            var actorOutput = agent.Actor.Forward(observation);
            var wireActions = new object[n];
            for (var i = 0; i < n; i++)
            {
                var mask = new bool[actionSpace.Size];
                layout.ReadMask(envs.RawObservations[i], mask);
                var action = (int)agent.Act(actorOutput.Row(i), deterministic: false, random, logProbScratch, mask).Action;
                running[i].Add(new Transition(observation.Row(i).ToArray(), mask, action));
                wireActions[i] = layout.ToAction(action, envs.RawObservations[i]);
            }

            var step = await envs.StepAsync(wireActions, ct);
            globalStep += n;
            for (var i = 0; i < n; i++) running[i][^1].Reward = step.Rewards[i];
            foreach (var episode in step.Episodes)
            {
                EpisodeMetrics.Record(log, globalStep, episode);
                finished.Add([.. running[episode.Session]]);
                running[episode.Session].Clear();
            }

            // 2. A gradient step once the batch of episodes is complete.
            if (finished.Count < options.EpisodesPerUpdate) continue;
            var losses = Update(agent, optimizer, options, finished);
            finished.Clear();

            log.Record("charts/learning_rate", globalStep, optimizer.LearningRate);
            log.Record("losses/value_loss", globalStep, losses.ValueLoss);
            log.Record("losses/policy_loss", globalStep, losses.PolicyLoss);
            log.Record("losses/entropy", globalStep, losses.Entropy);
            log.Record("charts/SPS", globalStep, globalStep / clock.Elapsed.TotalSeconds);
        }

        return agent;
    }

    /// <summary>
    /// One sample's policy loss −advantage·log π(a) − entCoef·H over the allowed actions, divided by
    /// <paramref name="batchSize"/>; adds its gradient with respect to the logits to <paramref name="logitGradient"/>.
    /// </summary>
    /// <returns>The undivided −advantage·log π(a) and the entropy H, for the logged means.</returns>
    public static (float PolicyLoss, float Entropy) PolicyLoss(
        ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, int action, float advantage, float entCoef, int batchSize, Span<float> logProbs, Span<float> logitGradient)
    {
        Categorical.LogSoftmax(logits, mask, logProbs);
        Categorical.Backward(logProbs, action, -advantage / batchSize, -entCoef / batchSize, logitGradient);
        return (-advantage * logProbs[action], Categorical.Entropy(logProbs));
    }

    private static Losses Update(ActorCritic agent, Adam optimizer, ReinforceOptions options, List<Transition[]> episodes)
    {
        var rows = episodes.Sum(e => e.Length);
        var observations = new Matrix(rows, agent.Normalizer.Mean.Length);
        var returns = new float[rows];
        var samples = new Transition[rows];
        var k = 0;
        foreach (var episode in episodes)
        {
            var g = 0f;
            for (var t = episode.Length - 1; t >= 0; t--)
            {
                g = episode[t].Reward + options.Gamma * g;
                returns[k + t] = g;
            }

            foreach (var transition in episode)
            {
                transition.Observation.CopyTo(observations.Row(k));
                samples[k++] = transition;
            }
        }

        foreach (var parameter in agent.Parameters) parameter.ZeroGradient();
        var actorOutput = agent.Actor.Forward(observations);
        var valueOutput = agent.Critic.Forward(observations);
        var advantages = new float[rows];
        for (var j = 0; j < rows; j++) advantages[j] = returns[j] - valueOutput[j, 0];
        if (options.NormAdv) Normalize(advantages);

        var actorGradient = new Matrix(rows, agent.ActionSpace.Size);
        var valueGradient = new Matrix(rows, 1);
        var logProbs = new float[agent.ActionSpace.Size];
        var losses = new Losses();
        for (var j = 0; j < rows; j++)
        {
            var (policyLoss, entropy) = PolicyLoss(actorOutput.Row(j), samples[j].Mask, samples[j].Action, advantages[j], options.EntCoef, rows, logProbs, actorGradient.Row(j));
            var (valueLoss, valueLossGradient) = PpoLoss.UnclippedValue(valueOutput[j, 0], returns[j]);
            valueGradient[j, 0] = options.VfCoef * valueLossGradient / rows;
            losses.PolicyLoss += policyLoss / rows;
            losses.ValueLoss += valueLoss / rows;
            losses.Entropy += entropy / rows;
        }

        agent.Actor.Backward(actorGradient);
        agent.Critic.Backward(valueGradient);
        GradientClipping.ClipGlobalNorm(agent.Parameters, options.MaxGradNorm);
        optimizer.Step();
        return losses;
    }

    /// <summary>(x − mean)/(std + 1e-8) in place, std unbiased as torch's .std().</summary>
    private static void Normalize(float[] values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / Math.Max(values.Length - 1, 1);
        var std = Math.Sqrt(variance);
        for (var j = 0; j < values.Length; j++) values[j] = (float)((values[j] - mean) / (std + 1e-8));
    }

    /// <summary>One step of an episode: the normalised observation the policy saw, its mask, its action and the reward.</summary>
    private sealed record Transition(float[] Observation, bool[] Mask, int Action)
    {
        public float Reward { get; set; }
    }

    private sealed class Losses
    {
        public double PolicyLoss { get; set; }

        public double ValueLoss { get; set; }

        public double Entropy { get; set; }
    }
}
