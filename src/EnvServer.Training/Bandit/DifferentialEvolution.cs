namespace EnvServer.Training.Bandit;

/// <summary>
/// Differential evolution, best/1/bin (Storn &amp; Price 1997), over multi-hot vectors: member i's trial
/// takes, gene by gene with probability CR (and at one forced gene), the mutant
/// clip(x_best + F·(x_r1 − x_r2), 0, 1), else its own gene, and replaces it when it scores at least as
/// well. With F = 1 and 0/1 genes the mutant is the best member plus the drugs r1 has and r2 lacks,
/// minus those r2 has and r1 lacks, so the population stays multi-hot. Each generation's trials are
/// scored in one batched call.
/// </summary>
internal sealed class DifferentialEvolution
{
    private readonly int _generations;
    private readonly float _differentialWeight;
    private readonly float _crossover;

    /// <param name="generations">Generations after the initial population is scored.</param>
    /// <param name="differentialWeight">F.</param>
    /// <param name="crossover">CR.</param>
    public DifferentialEvolution(int generations, float differentialWeight, float crossover)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(generations);
        _generations = generations;
        _differentialWeight = differentialWeight;
        _crossover = crossover;
    }

    /// <summary>
    /// Evolves <paramref name="population"/> (one member per row, at least four, all of one length) in place to maximise
    /// <paramref name="objective"/>, which scores every row it is given.
    /// </summary>
    /// <returns>The best member's row and score.</returns>
    public (int Best, float Score) Maximize(float[][] population, Func<float[][], float[]> objective, Random random)
    {
        var (size, genes) = (population.Length, population[0].Length);
        if (size < 4) throw new ArgumentException("best/1/bin needs at least four members.", nameof(population));
        var scores = objective(population);
        var trials = population.Select(_ => new float[genes]).ToArray();
        for (var generation = 0; generation < _generations; generation++)
        {
            var best = ArgMax(scores);
            for (var i = 0; i < size; i++)
            {
                var (r1, r2) = TwoOthers(i, size, random);
                var forced = random.Next(genes);
                var target = population[i];
                var trial = trials[i];
                var b = population[best];
                var x1 = population[r1];
                var x2 = population[r2];
                for (var j = 0; j < genes; j++)
                {
                    // Where mutant and target agree the crossover draw cannot matter: multi-hot rows agree on most genes.
                    var mutant = Math.Clamp(b[j] + _differentialWeight * (x1[j] - x2[j]), 0f, 1f);
                    trial[j] = mutant == target[j] || j == forced || random.NextSingle() < _crossover ? mutant : target[j];
                }
            }

            var trialScores = objective(trials);
            for (var i = 0; i < size; i++)
            {
                if (trialScores[i] < scores[i]) continue;
                trials[i].CopyTo(population[i], 0);
                scores[i] = trialScores[i];
            }
        }

        var winner = ArgMax(scores);
        return (winner, scores[winner]);
    }

    private static (int, int) TwoOthers(int i, int size, Random random)
    {
        int r1, r2;
        do r1 = random.Next(size); while (r1 == i);
        do r2 = random.Next(size); while (r2 == i || r2 == r1);
        return (r1, r2);
    }

    private static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best]) best = i;
        }

        return best;
    }
}
