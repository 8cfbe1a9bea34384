namespace EnvServer.Training.Federated;

/// <summary>One client's trained weights (aligned with the global tensors) and how many examples produced them.</summary>
internal sealed record WeightedWeights(float[][] Weights, long NumExamples);

/// <summary>How the coordinator turns a round's accepted updates into the next global weights.</summary>
internal interface IAggregationStrategy
{
    float[][] Aggregate(float[][] global, IReadOnlyList<WeightedWeights> updates);
}

/// <summary>FedAvg (McMahan et al. 2017): the mean of the clients' weights, weighted by their numbers of examples.
/// FedProx aggregates the same way; its difference, the proximal term, lives in the clients' local loss.</summary>
internal sealed class FedAvg : IAggregationStrategy
{
    public float[][] Aggregate(float[][] global, IReadOnlyList<WeightedWeights> updates) => WeightedMean(updates);

    public static float[][] WeightedMean(IReadOnlyList<WeightedWeights> updates)
    {
        if (updates.Count == 0) throw new ArgumentException("No updates to average.", nameof(updates));
        double total = updates.Sum(u => u.NumExamples);
        var first = updates[0].Weights;
        var mean = new float[first.Length][];
        for (var t = 0; t < first.Length; t++)
        {
            var sum = new double[first[t].Length];
            foreach (var update in updates)
            {
                var weight = update.NumExamples / total;
                var values = update.Weights[t];
                for (var j = 0; j < sum.Length; j++) sum[j] += weight * values[j];
            }

            mean[t] = Array.ConvertAll(sum, v => (float)v);
        }

        return mean;
    }
}
