using EnvServer.Training.Networks;

namespace EnvServer.Training.Federated;

/// <summary>
/// How observation-normalisation statistics are federated. A client starts a round from the global statistics and
/// updates them with the observations it sees; it reports only the moments of those new observations
/// (<see cref="Since"/>), and the coordinator merges every client's moments into the global ones (<see cref="Merge"/>)
/// with the parallel formula of Chan et al. that <see cref="RunningMeanStd"/> itself uses. The global normaliser is
/// then exactly the one a single learner would have after seeing all clients' observations: weighted by observation
/// counts, independent of the strategy's weighting, and never averaged away by FedAvg.
/// </summary>
internal static class ObservationStatistics
{
    /// <summary>The mean, variance and count of the observations that turned <paramref name="before"/> into <paramref name="after"/>.</summary>
    public static RunningMeanStd Since(RunningMeanStd before, RunningMeanStd after)
    {
        var n = after.Count - before.Count;
        if (n <= 0) return new RunningMeanStd(new double[before.Mean.Length], new double[before.Mean.Length], 0);
        var mean = new double[before.Mean.Length];
        var variance = new double[before.Mean.Length];
        for (var k = 0; k < mean.Length; k++)
        {
            // Invert after = merge(before, new): sums and sums of squared deviations are additive.
            mean[k] = (after.Mean[k] * after.Count - before.Mean[k] * before.Count) / n;
            var delta = mean[k] - before.Mean[k];
            var m2 = after.Variance[k] * after.Count - before.Variance[k] * before.Count - delta * delta * before.Count * n / after.Count;
            variance[k] = Math.Max(m2 / n, 0);
        }

        return new RunningMeanStd(mean, variance, n);
    }

    /// <summary><paramref name="global"/> merged with each of <paramref name="additions"/>, as one sample.</summary>
    public static RunningMeanStd Merge(RunningMeanStd global, IEnumerable<RunningMeanStd> additions)
    {
        var mean = (double[])global.Mean.Clone();
        var variance = (double[])global.Variance.Clone();
        var count = global.Count;
        foreach (var addition in additions)
        {
            if (addition.Count <= 0) continue;
            var total = count + addition.Count;
            for (var k = 0; k < mean.Length; k++)
            {
                var delta = addition.Mean[k] - mean[k];
                var m2 = variance[k] * count + addition.Variance[k] * addition.Count + delta * delta * count * addition.Count / total;
                mean[k] += delta * addition.Count / total;
                variance[k] = m2 / total;
            }

            count = total;
        }

        return new RunningMeanStd(mean, variance, count);
    }

    public static RunningMeanStd Copy(RunningMeanStd statistics) =>
        new((double[])statistics.Mean.Clone(), (double[])statistics.Variance.Clone(), statistics.Count);
}
