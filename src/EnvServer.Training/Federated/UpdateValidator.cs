namespace EnvServer.Training.Federated;

/// <summary>
/// Checks a client's update before it may be aggregated: the same tensors (names, order, shapes) as the global model,
/// only finite values, statistics of the model's input size with a non-negative count and variances, a positive
/// number of examples and finite metrics. Anything else throws <see cref="UpdateRejectedException"/> naming the field.
/// </summary>
internal static class UpdateValidator
{
    /// <param name="payload">The update's model.</param>
    /// <param name="global">The model it must match; null for the initial model, which sets the shapes.</param>
    public static FederatedModel CheckModel(ModelPayload? payload, FederatedModel? global)
    {
        var model = (payload ?? throw new UpdateRejectedException("model", "A fit update needs the trained model.")).ToModel("model");
        if (global is not null)
        {
            if (model.Tensors.Count != global.Tensors.Count)
                throw new UpdateRejectedException("model.tensors", $"Expected {global.Tensors.Count} tensors, got {model.Tensors.Count}.");
            for (var i = 0; i < model.Tensors.Count; i++)
            {
                var (got, expected) = (model.Tensors[i], global.Tensors[i]);
                if (got.Name != expected.Name)
                    throw new UpdateRejectedException($"model.tensors[{i}].name", $"Expected tensor '{expected.Name}', got '{got.Name}'.");
                if (!got.Shape.SequenceEqual(expected.Shape))
                    throw new UpdateRejectedException($"model.tensors[{i}].shape", $"Tensor '{got.Name}' has shape [{string.Join(", ", got.Shape)}], the global model [{string.Join(", ", expected.Shape)}].");
            }
        }

        for (var i = 0; i < model.Tensors.Count; i++)
        {
            var tensor = model.Tensors[i];
            var bad = Array.FindIndex(tensor.Data, v => !float.IsFinite(v));
            if (bad >= 0) throw new UpdateRejectedException($"model.tensors[{i}].data", $"Tensor '{tensor.Name}' holds {tensor.Data[bad]} at index {bad}.");
        }

        CheckStatistics(model, global);
        return model;
    }

    public static void CheckExamples(long numExamples)
    {
        if (numExamples <= 0) throw new UpdateRejectedException("num_examples", $"num_examples must be positive, got {numExamples}.");
    }

    public static void CheckMetrics(IReadOnlyDictionary<string, double>? metrics)
    {
        foreach (var (name, value) in metrics ?? new Dictionary<string, double>())
        {
            if (!double.IsFinite(value)) throw new UpdateRejectedException($"metrics.{name}", $"Metric '{name}' is {value}.");
        }
    }

    private static void CheckStatistics(FederatedModel model, FederatedModel? global)
    {
        if (global is not null && (global.Statistics is null) != (model.Statistics is null))
            throw new UpdateRejectedException("model.statistics", global.Statistics is null ? "This model has no input statistics." : "The model's input statistics are missing.");
        if (model.Statistics is not { } statistics) return;

        var size = global?.Statistics?.Mean.Length ?? statistics.Mean.Length;
        if (statistics.Mean.Length != size || statistics.Variance.Length != size)
            throw new UpdateRejectedException("model.statistics", $"Expected a mean and a variance of {size} values, got {statistics.Mean.Length} and {statistics.Variance.Length}.");
        if (!double.IsFinite(statistics.Count) || statistics.Count < 0)
            throw new UpdateRejectedException("model.statistics.count", $"The count must be finite and non-negative, got {statistics.Count}.");
        if (statistics.Mean.Any(m => !double.IsFinite(m))) throw new UpdateRejectedException("model.statistics.mean", "The mean holds a non-finite value.");
        if (statistics.Variance.Any(v => !double.IsFinite(v) || v < 0))
            throw new UpdateRejectedException("model.statistics.variance", "The variance holds a negative or non-finite value.");
    }
}
