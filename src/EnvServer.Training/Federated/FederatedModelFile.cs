using System.Globalization;
using System.Text.Json;
using EnvServer.Training.Algorithms;
using EnvServer.Training.Checkpoints;
using EnvServer.Training.Networks;

namespace EnvServer.Training.Federated;

/// <summary>
/// A global model as a safetensors file. The statistics go into the metadata under the agent checkpoint's keys
/// (<see cref="AgentCheckpoint.ObservationMean"/>, ...), so a PPO global model is also an agent checkpoint that
/// <c>evaluate --checkpoint</c> plays and PyTorch loads.
/// </summary>
internal static class FederatedModelFile
{
    public static void Save(string path, FederatedModel model, IReadOnlyDictionary<string, string> extraMetadata)
    {
        var metadata = CheckpointMetadata(model);
        foreach (var (key, value) in extraMetadata) metadata[key] = value;
        var temporary = path + ".tmp";
        SafeTensors.Save(temporary, model.Tensors, metadata);
        File.Move(temporary, path, overwrite: true);
    }

    public static FederatedModel Load(string path)
    {
        var (tensors, metadata) = SafeTensors.Load(path);
        var rest = new Dictionary<string, string>(metadata);
        RunningMeanStd? statistics = null;
        if (rest.Remove(AgentCheckpoint.ObservationMean, out var mean)
            & rest.Remove(AgentCheckpoint.ObservationVariance, out var variance)
            & rest.Remove(AgentCheckpoint.ObservationCount, out var count))
        {
            statistics = new RunningMeanStd(
                JsonSerializer.Deserialize<double[]>(mean!)!, JsonSerializer.Deserialize<double[]>(variance!)!, double.Parse(count!, CultureInfo.InvariantCulture));
        }

        return new FederatedModel(tensors, rest, statistics);
    }

    /// <summary>The model's metadata with its statistics written under the agent checkpoint's keys.</summary>
    public static Dictionary<string, string> CheckpointMetadata(FederatedModel model)
    {
        var metadata = new Dictionary<string, string>(model.Metadata);
        if (model.Statistics is { } s)
        {
            metadata[AgentCheckpoint.ObservationMean] = JsonSerializer.Serialize(s.Mean);
            metadata[AgentCheckpoint.ObservationVariance] = JsonSerializer.Serialize(s.Variance);
            metadata[AgentCheckpoint.ObservationCount] = s.Count.ToString("R", CultureInfo.InvariantCulture);
        }

        return metadata;
    }
}
