using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using EnvServer.Training.Checkpoints;
using EnvServer.Training.Networks;

namespace EnvServer.Training.Federated;

/// <summary>The coordinator's HTTP+JSON messages: snake_case names; NaN and ±Infinity may be written so that the
/// coordinator, not the parser, rejects them with the field named.</summary>
internal static class FederatedJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>What a pulled task asks the client to do.</summary>
internal static class TaskKind
{
    /// <summary>Nothing yet: pull again after retry_after_seconds.</summary>
    public const string Wait = "wait";

    /// <summary>There is no global model yet: send freshly initialised weights as round 0 (Flower asks one client the same way).</summary>
    public const string Initialize = "initialize";

    /// <summary>Evaluate the global model on local validation data, train it locally, push weights and metrics.</summary>
    public const string Fit = "fit";

    /// <summary>After the last round: evaluate the final global model and push metrics only.</summary>
    public const string Evaluate = "evaluate";

    public const string Finished = "finished";
}

internal sealed record RegisterRequest(string? Name);

internal sealed record RegisterResponse(string ClientId, double HeartbeatIntervalSeconds);

/// <summary>A pulled task. <paramref name="Round"/> is the round the update must name; a fit task's model is the
/// previous round's global model; an initialize task's <paramref name="Seed"/> seeds the initial weights, so they do not
/// depend on which client happens to be asked.</summary>
internal sealed record TaskResponse(string Kind, int Round, int Rounds, double RetryAfterSeconds, ModelPayload? Model = null, float ProximalMu = 0, int Seed = 0);

internal sealed record UpdateRequest(int Round, long NumExamples, ModelPayload? Model, Dictionary<string, double>? Metrics);

internal sealed record RejectionResponse(string Field, string Error);

internal sealed record TensorPayload(string Name, int[] Shape, string Data);

internal sealed record StatisticsPayload(double[] Mean, double[] Variance, double Count);

/// <summary>A model on the wire: tensors as base64 of little-endian float32 (exact, and able to carry NaN for the
/// validator to see), the model's metadata, optional input statistics.</summary>
internal sealed record ModelPayload(IReadOnlyList<TensorPayload> Tensors, Dictionary<string, string>? Metadata, StatisticsPayload? Statistics)
{
    public static ModelPayload From(FederatedModel model) => new(
        model.Tensors.Select(t => new TensorPayload(t.Name, t.Shape, Convert.ToBase64String(MemoryMarshal.AsBytes(t.Data.AsSpan())))).ToArray(),
        new Dictionary<string, string>(model.Metadata),
        model.Statistics is { } s ? new StatisticsPayload(s.Mean, s.Variance, s.Count) : null);

    /// <summary>The model, or <see cref="UpdateRejectedException"/> naming the first field that cannot be decoded.</summary>
    public FederatedModel ToModel(string field)
    {
        if (Tensors is null || Tensors.Count == 0) throw new UpdateRejectedException($"{field}.tensors", "The model has no tensors.");
        var tensors = new NamedTensor[Tensors.Count];
        for (var i = 0; i < Tensors.Count; i++)
        {
            var payload = Tensors[i];
            var where = $"{field}.tensors[{i}]";
            if (string.IsNullOrEmpty(payload.Name)) throw new UpdateRejectedException($"{where}.name", "Every tensor needs a name.");
            if (payload.Shape is null || payload.Shape.Any(d => d <= 0)) throw new UpdateRejectedException($"{where}.shape", $"Tensor '{payload.Name}' needs a shape of positive dimensions.");
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(payload.Data ?? "");
            }
            catch (FormatException)
            {
                throw new UpdateRejectedException($"{where}.data", $"Tensor '{payload.Name}': data is not base64.");
            }

            var expected = payload.Shape.Aggregate(1L, (a, b) => a * b);
            if (bytes.Length != expected * sizeof(float))
                throw new UpdateRejectedException($"{where}.data", $"Tensor '{payload.Name}': {bytes.Length} bytes do not hold {expected} float32 values of shape [{string.Join(", ", payload.Shape)}].");
            var data = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
            tensors[i] = new NamedTensor(payload.Name, payload.Shape, data);
        }

        var statistics = Statistics is { } s ? new RunningMeanStd(s.Mean ?? [], s.Variance ?? [], s.Count) : null;
        return new FederatedModel(tensors, Metadata ?? [], statistics);
    }
}

/// <summary>An update the coordinator refuses: <see cref="Field"/> names the offending part of the message.</summary>
internal sealed class UpdateRejectedException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
