using System.Diagnostics;
using EnvServer.Training.Logging;
using EnvServer.Training.Networks;
using EnvServer.Training.Rollouts;
using TorchSharp;
using static TorchSharp.torch;

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
        var device = TorchDevice.Parse(options.Device);
        torch.manual_seed(options.Seed);
        using var generator = new Generator((ulong)options.Seed, device);
        var n = envs.Count;
        var agent = new ActorCritic(envs.Observations[0].Length, actionSpace, options.HiddenSize);
        agent.to(device);
        var parameters = agent.parameters().ToArray();
        var optimizer = optim.Adam(parameters, options.LearningRate, eps: Ppo.AdamEpsilon);
        var running = Enumerable.Range(0, n).Select(_ => new List<Transition>()).ToArray();
        var finished = new List<Transition[]>();
        long globalStep = 0;
        var clock = Stopwatch.StartNew();

        while (globalStep < options.TotalTimesteps)
        {
            var learningRate = options.AnnealLr ? (1f - (float)globalStep / options.TotalTimesteps) * options.LearningRate : options.LearningRate;
            Ppo.SetLearningRate(optimizer, learningRate);

            // 1. One step of every session with the current policy, among the actions its mask allows.
            agent.Normalizer.Update(NeuralNetworks.Matrix.FromRows(envs.Observations));
            float[] observations;
            bool[] masks;
            float[] chosen;
            using (NewDisposeScope())
            using (no_grad())
            {
                var x = agent.Observe(envs.Observations);
                var mask = agent.Masks(envs)!;
                chosen = ActorCritic.ToFloats(agent.GetActionAndValue(x, mask: mask, generator: generator).Action);
                observations = x.cpu().data<float>().ToArray();
                masks = mask.cpu().data<bool>().ToArray();
            }

            var wireActions = new object[n];
            var features = observations.Length / n;
            for (var i = 0; i < n; i++)
            {
                var action = (int)chosen[i];
                running[i].Add(new Transition(observations[(i * features)..((i + 1) * features)], masks[(i * actionSpace.Size)..((i + 1) * actionSpace.Size)], action));
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
            var losses = Update(agent, optimizer, parameters, options, finished);
            finished.Clear();

            log.Record("charts/learning_rate", globalStep, learningRate);
            log.Record("losses/value_loss", globalStep, losses.Value);
            log.Record("losses/policy_loss", globalStep, losses.Policy);
            log.Record("losses/entropy", globalStep, losses.Entropy);
            log.Record("charts/SPS", globalStep, globalStep / clock.Elapsed.TotalSeconds);
        }

        return agent;
    }

    /// <summary>
    /// The batch's loss −mean(Â·log π(a)) − entCoef·mean(H) + vfCoef·½·mean((V − G)²) with Â = G − V (no gradient through
    /// the baseline), normalised over the batch when <paramref name="normalizeAdvantages"/>.
    /// </summary>
    public static BatchLoss Loss(Tensor logProbs, Tensor entropy, Tensor values, Tensor returns, float entCoef, float vfCoef, bool normalizeAdvantages)
    {
        var advantages = returns - values.detach();
        if (normalizeAdvantages) advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8);
        var policy = -(advantages * logProbs).mean();
        var value = 0.5f * (values - returns).square().mean();
        var meanEntropy = entropy.mean();
        return new BatchLoss(policy - entCoef * meanEntropy + vfCoef * value, policy, value, meanEntropy);
    }

    private static (double Policy, double Value, double Entropy) Update(
        ActorCritic agent, optim.Optimizer optimizer, TorchSharp.Modules.Parameter[] parameters, ReinforceOptions options, List<Transition[]> episodes)
    {
        var rows = episodes.Sum(e => e.Length);
        var features = agent.Normalizer.Mean.Length;
        var size = agent.ActionSpace.Size;
        var observations = new float[rows * features];
        var masks = new bool[rows * size];
        var actions = new long[rows];
        var returns = new float[rows];
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
                transition.Observation.CopyTo(observations, k * features);
                transition.Mask.CopyTo(masks, k * size);
                actions[k++] = transition.Action;
            }
        }

        using var scope = NewDisposeScope();
        var device = agent.Device;
        var (_, logProbs, entropy, values) = agent.GetActionAndValue(
            tensor(observations, [rows, features], device: device), tensor(actions, device: device), tensor(masks, [rows, size], device: device));
        var loss = Loss(logProbs, entropy, values.view(-1), tensor(returns, device: device), options.EntCoef, options.VfCoef, options.NormAdv);
        optimizer.zero_grad();
        loss.Total.backward();
        nn.utils.clip_grad_norm_(parameters, options.MaxGradNorm);
        optimizer.step();
        return (loss.Policy.item<float>(), loss.Value.item<float>(), loss.Entropy.item<float>());
    }

    /// <summary>A batch's total loss and its parts (scalars).</summary>
    internal sealed record BatchLoss(Tensor Total, Tensor Policy, Tensor Value, Tensor Entropy);

    /// <summary>One step of an episode: the normalised observation the policy saw, its mask, its action and the reward.</summary>
    private sealed record Transition(float[] Observation, bool[] Mask, int Action)
    {
        public float Reward { get; set; }
    }
}
