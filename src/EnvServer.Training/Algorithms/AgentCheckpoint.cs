using System.Globalization;
using System.Text.Json;
using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// An <see cref="ActorCritic"/> as a safetensors file. Tensor names follow CleanRL's Agent modules
/// (<c>critic.0.weight</c>, <c>actor.4.bias</c> or <c>actor_mean.4.bias</c>, <c>actor_logstd</c>), so
/// <c>agent.load_state_dict(safetensors.torch.load_file(path))</c> fills the same PyTorch model; the
/// metadata holds the network shape, the action space, and the observation normalisation statistics.
/// </summary>
internal static class AgentCheckpoint
{
    /// <summary>Metadata keys of the observation normalisation statistics (JSON arrays and a number).</summary>
    public const string ObservationMean = "obs_rms_mean";

    public const string ObservationVariance = "obs_rms_var";

    public const string ObservationCount = "obs_rms_count";

    public static void Save(string path, ActorCritic agent, IReadOnlyDictionary<string, string> runInfo) =>
        SafeTensors.Save(path, Tensors(agent), Metadata(agent, runInfo));

    public static (ActorCritic Agent, IReadOnlyDictionary<string, string> Metadata) Load(string path)
    {
        var (tensors, metadata) = SafeTensors.Load(path);
        return (FromTensors(tensors, metadata, path), metadata);
    }

    /// <summary>The agent's weights under CleanRL's names, sharing the parameters' arrays.</summary>
    public static IReadOnlyList<NamedTensor> Tensors(ActorCritic agent)
    {
        var actorName = agent.ActionSpace.IsDiscrete ? "actor" : "actor_mean";
        var tensors = new List<NamedTensor>();
        tensors.AddRange(agent.Critic.Parameters.Select(p => new NamedTensor($"critic.{p.Name}", p.Shape, p.Value)));
        tensors.AddRange(agent.Actor.Parameters.Select(p => new NamedTensor($"{actorName}.{p.Name}", p.Shape, p.Value)));
        if (agent.LogStd is { } logStd) tensors.Add(new NamedTensor("actor_logstd", logStd.Shape, logStd.Value));
        return tensors;
    }

    /// <summary><paramref name="runInfo"/> plus the network shape, the action space and the observation statistics.</summary>
    public static Dictionary<string, string> Metadata(ActorCritic agent, IReadOnlyDictionary<string, string> runInfo) => new(runInfo)
    {
        ["format"] = "pt",
        ["observation_size"] = agent.Normalizer.Mean.Length.ToString(CultureInfo.InvariantCulture),
        ["hidden_size"] = agent.Actor.Sizes[1].ToString(CultureInfo.InvariantCulture),
        ["activation"] = "tanh",
        ["action_field"] = agent.ActionSpace.Field,
        ["action_discrete"] = agent.ActionSpace.IsDiscrete ? "true" : "false",
        ["action_size"] = agent.ActionSpace.Size.ToString(CultureInfo.InvariantCulture),
        [ObservationMean] = JsonSerializer.Serialize(agent.Normalizer.Mean),
        [ObservationVariance] = JsonSerializer.Serialize(agent.Normalizer.Variance),
        [ObservationCount] = agent.Normalizer.Count.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>A new agent with the tensors' weights (copied) and the metadata's shape and statistics; <paramref name="source"/> names it in errors.</summary>
    public static ActorCritic FromTensors(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata, string source)
    {
        string Meta(string key) => metadata.TryGetValue(key, out var value) ? value : throw new InvalidDataException($"{source}: metadata has no '{key}'.");
        var actionSpace = new ActionSpace(Meta("action_field"), Meta("action_discrete") == "true", int.Parse(Meta("action_size"), CultureInfo.InvariantCulture));
        var observationSize = int.Parse(Meta("observation_size"), CultureInfo.InvariantCulture);
        var hiddenSize = int.Parse(Meta("hidden_size"), CultureInfo.InvariantCulture);

        var normalizer = new RunningMeanStd(
            JsonSerializer.Deserialize<double[]>(Meta(ObservationMean))!,
            JsonSerializer.Deserialize<double[]>(Meta(ObservationVariance))!,
            double.Parse(Meta(ObservationCount), CultureInfo.InvariantCulture));
        var agent = new ActorCritic(observationSize, actionSpace, hiddenSize, new Random(0), normalizer);
        var byName = tensors.ToDictionary(t => t.Name);
        var actorName = actionSpace.IsDiscrete ? "actor" : "actor_mean";
        foreach (var (prefix, network) in new[] { ("critic", agent.Critic), (actorName, agent.Actor) })
        {
            foreach (var parameter in network.Parameters) Fill(parameter, byName, $"{prefix}.{parameter.Name}", source);
        }

        if (agent.LogStd is { } logStd) Fill(logStd, byName, "actor_logstd", source);
        return agent;
    }

    private static void Fill(Parameter parameter, Dictionary<string, NamedTensor> tensors, string name, string path)
    {
        if (!tensors.TryGetValue(name, out var tensor) || !tensor.Shape.SequenceEqual(parameter.Shape))
            throw new InvalidDataException($"{path}: tensor '{name}' with shape [{string.Join(", ", parameter.Shape)}] is missing or has another shape.");
        tensor.Data.CopyTo(parameter.Value, 0);
    }
}
