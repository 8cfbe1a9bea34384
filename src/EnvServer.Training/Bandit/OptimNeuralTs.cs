using System.Diagnostics;
using EnvServer.Environments.Polypharmacy.Bandit;
using EnvServer.Training.Logging;
using EnvServer.Training.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnvServer.Training.Bandit;

/// <summary>
/// OptimNeuralTS (Larouche et al. 2023, "Neural Bandits for Data Mining: Searching for Dangerous
/// Polypharmacy") against a server's combination oracle, in one loop:
/// <list type="number">
/// <item>warm-up: uniformly random pulls, their gradients added to U, and a first fit of the network;</item>
/// <item>each pull: differential evolution maximises a Neural Thompson sample μ(x) + ν·σ(x)·ε over multi-hot
/// vectors, the winner is projected onto the nearest existing combination (Hamming), the oracle returns its
/// noisy relative risk, U grows by g(x)², and the network takes <see cref="OptimNeuralTsOptions.UpdatesPerStep"/> Adam
/// minibatches drawn from all pulls so far;</item>
/// <item>every <see cref="OptimNeuralTsOptions.EvalEvery"/> pulls: the model flags each combination whose
/// μ − 3σ exceeds the danger threshold, the flags join the snapshot ensemble, and the server scores the
/// model's and the ensemble's flags (precision, recall, patterns found).</item>
/// </list>
/// The random-search baseline runs the same loop with uniform pulls.
/// </summary>
internal static class OptimNeuralTs
{
    private const int EvaluationChunk = 1024;

    public static async Task RunAsync(BanditOracleClient oracle, OptimNeuralTsOptions options, MetricsLog log, CancellationToken ct)
    {
        if (options.WarmupSteps < 1 || options.WarmupSteps > options.TotalSteps)
            throw new ArgumentException($"--warmup-steps {options.WarmupSteps} must be in [1, --total-steps {options.TotalSteps}].");
        var random = new Random(options.Seed);
        var drugs = oracle.Dataset.NRx;
        var threshold = (float)oracle.Dataset.DangerousThreshold;
        var combinationDrugs = await oracle.CombinationsAsync(ct);
        var patternDrugs = await oracle.PatternsAsync(ct);
        var combinations = Index(combinationDrugs, drugs);

        using var network = ReluMlp.Create([drugs, options.HiddenSize, 1], outputGain: 1, options.Seed);
        using (no_grad()) ReluMlp.Linears(network)[^1].bias!.fill_(1f); // start at RR 1, no association
        using var adam = optim.Adam(network.parameters(), options.LearningRate, eps: 1e-5);
        using var uncertainty = new GradientUncertainty(network, options.Lambda);
        var evolution = new DifferentialEvolution(options.Generations, options.DifferentialWeight, options.Crossover);
        var ensemble = new SnapshotEnsemble(options.EnsembleSize, options.EnsembleQuorum);
        var pulls = new List<int>(options.TotalSteps);
        var rewards = new List<float>(options.TotalSteps);
        var clock = Stopwatch.StartNew();

        void Record(int arm, double reward)
        {
            pulls.Add(arm);
            rewards.Add((float)reward);
            uncertainty.Add(combinationDrugs[arm]);
        }

        // Warm-up: uniform pulls, then a first fit.
        var warmup = Enumerable.Range(0, options.WarmupSteps).Select(_ => random.Next(combinations.Count)).ToArray();
        var warmupRewards = await oracle.ObserveAsync(warmup, ct);
        for (var i = 0; i < warmup.Length; i++) Record(warmup[i], warmupRewards[i]);
        var loss = Train(network, adam, combinationDrugs, pulls, rewards, options.BatchSize, options.WarmupUpdates, random);
        if (options.WarmupSteps == options.TotalSteps || options.WarmupSteps % options.EvalEvery == 0) await EvaluateAsync(options.WarmupSteps);

        var population = Enumerable.Range(0, options.Population).Select(_ => new float[drugs]).ToArray();
        var means = new float[options.Population];
        var variances = new float[options.Population];
        float[] SampledRewards(float[][] candidates)
        {
            uncertainty.Evaluate(candidates.Select(c => Active(c)).ToArray(), means, variances);
            var samples = new float[candidates.Length];
            for (var i = 0; i < samples.Length; i++) samples[i] = means[i] + options.Exploration * MathF.Sqrt(variances[i]) * Gaussian(random);
            return samples;
        }

        for (var step = options.WarmupSteps; step < options.TotalSteps; step++)
        {
            int arm;
            if (options.Strategy == BanditStrategy.Random)
            {
                arm = random.Next(combinations.Count);
            }
            else
            {
                foreach (var member in population) Fill(member, combinationDrugs[random.Next(combinations.Count)]);
                var (best, _) = evolution.Maximize(population, SampledRewards, random);
                arm = combinations.Nearest(MultiHot.FromDrugs(Active(population[best]), combinations.Words)).Row;
            }

            Record(arm, (await oracle.ObserveAsync([arm], ct))[0]);
            loss = Train(network, adam, combinationDrugs, pulls, rewards, options.BatchSize, options.UpdatesPerStep, random);
            if ((step + 1) % options.EvalEvery == 0 || step + 1 == options.TotalSteps) await EvaluateAsync(step + 1);
        }

        async Task EvaluateAsync(long globalStep)
        {
            var (flags, meanSigma) = Verdicts(uncertainty, combinationDrugs, options.ConfidenceSigmas, threshold);
            var (patternFlags, _) = Verdicts(uncertainty, patternDrugs, options.ConfidenceSigmas, threshold);
            ensemble.Add(flags, patternFlags);
            var model = await oracle.ScoreAsync(Where(flags), Where(patternFlags), ct);
            var combined = await oracle.ScoreAsync(ensemble.FlaggedCombinations(), ensemble.FlaggedPatterns(), ct);
            var pulled = await oracle.ScoreAsync(pulls.Distinct().ToArray(), [], ct);

            RecordScore(log, "bandit", model, globalStep);
            RecordScore(log, "ensemble", combined, globalStep);
            log.Record("charts/distinct_pulls", globalStep, pulled.Flagged);
            log.Record("charts/dangerous_pulls", globalStep, pulled.TruePositives);
            log.Record("losses/mse", globalStep, loss);
            log.Record("charts/mean_sigma", globalStep, meanSigma);
            log.Record("charts/SPS", globalStep, globalStep / clock.Elapsed.TotalSeconds);
        }
    }

    private static void RecordScore(MetricsLog log, string prefix, BanditScore score, long step)
    {
        log.Record($"{prefix}/precision", step, score.Precision);
        log.Record($"{prefix}/recall", step, score.Recall);
        log.Record($"{prefix}/patterns_found", step, score.PatternsFound);
        log.Record($"{prefix}/flagged", step, score.Flagged);
    }

    /// <summary>Adam steps on minibatches drawn uniformly from all pulls; returns the last minibatch's mean squared error.</summary>
    private static float Train(Sequential network, optim.Optimizer adam, int[][] combinations, List<int> pulls, List<float> rewards, int batchSize, int updates, Random random)
    {
        var size = Math.Min(batchSize, pulls.Count);
        var drugs = (int)ReluMlp.Linears(network)[0].weight!.shape[1];
        var inputs = new float[size * drugs];
        var targets = new float[size];
        var loss = 0f;
        for (var update = 0; update < updates; update++)
        {
            for (var b = 0; b < size; b++)
            {
                var pull = random.Next(pulls.Count);
                Fill(inputs.AsSpan(b * drugs, drugs), combinations[pulls[pull]]);
                targets[b] = rewards[pull];
            }

            using var scope = NewDisposeScope();
            var mse = nn.functional.mse_loss(network.forward(tensor(inputs, [size, drugs])), tensor(targets, [size, 1]));
            adam.zero_grad();
            mse.backward();
            adam.step();
            loss = mse.item<float>();
        }

        return loss;
    }

    /// <summary>Whether μ − c·σ exceeds the threshold for each multi-hot input, evaluated in chunks; and the mean σ.</summary>
    internal static (bool[] Flags, double MeanSigma) Verdicts(GradientUncertainty uncertainty, int[][] inputs, float sigmas, float threshold)
    {
        var flags = new bool[inputs.Length];
        var sigmaSum = 0.0;
        var means = new float[EvaluationChunk];
        var variances = new float[EvaluationChunk];
        for (var start = 0; start < inputs.Length; start += EvaluationChunk)
        {
            var count = Math.Min(EvaluationChunk, inputs.Length - start);
            uncertainty.Evaluate(new ArraySegment<int[]>(inputs, start, count), means, variances);
            for (var r = 0; r < count; r++)
            {
                var sigma = MathF.Sqrt(variances[r]);
                sigmaSum += sigma;
                flags[start + r] = means[r] - sigmas * sigma > threshold;
            }
        }

        return (flags, sigmaSum / inputs.Length);
    }

    private static int[] Where(bool[] flags) => Enumerable.Range(0, flags.Length).Where(i => flags[i]).ToArray();

    private static HammingIndex Index(int[][] drugLists, int drugs)
    {
        var words = MultiHot.Words(drugs);
        var bits = new ulong[drugLists.Length * words];
        for (var r = 0; r < drugLists.Length; r++)
        {
            foreach (var drug in drugLists[r]) MultiHot.Set(bits.AsSpan(r * words, words), drug);
        }

        return new HammingIndex(bits, words);
    }

    private static void Fill(Span<float> row, int[] drugs)
    {
        row.Clear();
        foreach (var drug in drugs) row[drug] = 1f;
    }

    /// <summary>The genes of a multi-hot row that are on.</summary>
    private static int[] Active(ReadOnlySpan<float> row)
    {
        var active = new List<int>();
        for (var drug = 0; drug < row.Length; drug++)
        {
            if (row[drug] > 0.5f) active.Add(drug);
        }

        return [.. active];
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble()));
}
