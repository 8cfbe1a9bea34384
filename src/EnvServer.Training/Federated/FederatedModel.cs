using EnvServer.Training.Checkpoints;
using EnvServer.Training.Networks;

namespace EnvServer.Training.Federated;

/// <summary>
/// What travels between coordinator and clients: the model's tensors, its description (checkpoint metadata such as
/// the network shape, never patient data) and, for models that normalise their inputs with running statistics,
/// those statistics (<see cref="ObservationStatistics"/>).
/// </summary>
internal sealed record FederatedModel(IReadOnlyList<NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata, RunningMeanStd? Statistics)
{
    /// <summary>The tensors' values, in order, for the aggregation arithmetic.</summary>
    public float[][] Values => Tensors.Select(t => t.Data).ToArray();

    /// <summary>The same tensor names, shapes, metadata and statistics with other values.</summary>
    public FederatedModel WithValues(float[][] values, RunningMeanStd? statistics) =>
        this with { Tensors = Tensors.Select((t, i) => t with { Data = values[i] }).ToArray(), Statistics = statistics };
}
