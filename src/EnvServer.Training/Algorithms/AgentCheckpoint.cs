using System.Globalization;
using System.Text.Json;
using TorchSharp;
using EnvServer.Training.Checkpoints;
using EnvServer.Training.Networks;
using EnvServer.Training.Rollouts;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// A trained agent as a safetensors file. An <see cref="ActorCritic"/>'s tensor names follow CleanRL's Agent modules
/// (<c>critic.0.weight</c>, <c>actor.4.bias</c> or <c>actor_mean.4.bias</c>, <c>actor_logstd</c>), a
/// <see cref="QAgent"/>'s those of a dueling QNetwork (<c>q_network.feature.0.weight</c>, <c>q_network.value.weight</c>,
/// <c>q_network.advantage.bias</c>), so <c>load_state_dict(safetensors.torch.load_file(path))</c> fills the same
/// PyTorch model; the metadata holds the kind of agent (<c>policy</c>), the network shape, the action space (with the
/// mask layout of a masked one), and the observation normalisation statistics.
/// </summary>
internal static class AgentCheckpoint
{
    /// <summary>Metadata keys of the observation normalisation statistics (JSON arrays and a number).</summary>
    public const string ObservationMean = "obs_rms_mean";

    public const string ObservationVariance = "obs_rms_var";

    public const string ObservationCount = "obs_rms_count";

    private const string DuelingQ = "dueling_q";

    private const string QNetworkPrefix = "q_network.";

    public static void Save(string path, IPolicy agent, IReadOnlyDictionary<string, string> runInfo)
    {
        switch (agent)
        {
            case ActorCritic actorCritic:
                Save(path, actorCritic, runInfo);
                break;
            case RecurrentActorCritic recurrent:
                recurrent.Save(path, runInfo);
                break;
            case QAgent q:
                var metadata = new Dictionary<string, string>(runInfo)
                {
                    ["policy"] = DuelingQ,
                    ["hidden_size"] = q.Network.HiddenSize.ToString(CultureInfo.InvariantCulture),
                    ["activation"] = "relu",
                };
                AddShape(metadata, q.Network.ObservationSize, q.ActionSpace);
                SafeTensors.Save(path, ModuleTensors.Export(q.Network, QNetworkPrefix), metadata);
                break;
            default:
                throw new NotSupportedException($"No checkpoint format for {agent.GetType().Name}.");
        }
    }

    public static void Save(string path, ActorCritic agent, IReadOnlyDictionary<string, string> runInfo) =>
        SafeTensors.Save(path, Tensors(agent), Metadata(agent, runInfo));

    /// <summary>Reads either kind of agent (checkpoints without <c>policy</c> metadata are actor-critics).</summary>
    public static (IPolicy Agent, IReadOnlyDictionary<string, string> Metadata) Load(string path)
    {
        var (tensors, metadata) = SafeTensors.Load(path);
        if (metadata.GetValueOrDefault("policy") == RecurrentActorCritic.PolicyName) return (RecurrentActorCritic.FromTensors(tensors, metadata, path), metadata);
        if (metadata.GetValueOrDefault("policy") != DuelingQ) return (FromTensors(tensors, metadata, path), metadata);

        string Meta(string key) => metadata.TryGetValue(key, out var value) ? value : throw new InvalidDataException($"{path}: metadata has no '{key}'.");
        var network = new DuelingQNetwork(
            int.Parse(Meta("observation_size"), CultureInfo.InvariantCulture), int.Parse(Meta("action_size"), CultureInfo.InvariantCulture),
            int.Parse(Meta("hidden_size"), CultureInfo.InvariantCulture));
        ModuleTensors.Import(network, tensors, QNetworkPrefix, path);
        return (new QAgent(network, ReadActionSpace(metadata, path)), metadata);
    }

    /// <summary>Moves a loaded agent's networks to <paramref name="device"/> (<c>--device</c>).</summary>
    public static void MoveTo(IPolicy agent, TorchSharp.torch.Device device)
    {
        switch (agent)
        {
            case ActorCritic actorCritic:
                actorCritic.to(device);
                break;
            case QAgent q:
                q.Network.to(device);
                break;
        }
    }

    /// <summary>An actor-critic checkpoint (PPO, REINFORCE, a federated global model); anything else is an error naming the file.</summary>
    public static (ActorCritic Agent, IReadOnlyDictionary<string, string> Metadata) LoadActorCritic(string path)
    {
        var (agent, metadata) = Load(path);
        return agent is ActorCritic actorCritic ? (actorCritic, metadata) : throw new InvalidDataException($"{path}: not an actor-critic checkpoint.");
    }

    /// <summary>The agent's weights (a copy) under CleanRL's names, in the order critic, actor, actor_logstd.</summary>
    public static IReadOnlyList<NamedTensor> Tensors(ActorCritic agent) => ModuleTensors.Export(agent);

    /// <summary><paramref name="runInfo"/> plus the network shape, the action space and the observation statistics.</summary>
    public static Dictionary<string, string> Metadata(ActorCritic agent, IReadOnlyDictionary<string, string> runInfo)
    {
        var metadata = new Dictionary<string, string>(runInfo)
        {
            ["policy"] = "actor_critic",
            ["hidden_size"] = agent.HiddenSize.ToString(CultureInfo.InvariantCulture),
            ["activation"] = "tanh",
            [ObservationMean] = JsonSerializer.Serialize(agent.Normalizer.Mean),
            [ObservationVariance] = JsonSerializer.Serialize(agent.Normalizer.Variance),
            [ObservationCount] = agent.Normalizer.Count.ToString("R", CultureInfo.InvariantCulture),
        };
        AddShape(metadata, agent.Normalizer.Mean.Length, agent.ActionSpace);
        return metadata;
    }

    /// <summary>A new agent with the tensors' weights (copied) and the metadata's shape and statistics; <paramref name="source"/> names it in errors.</summary>
    public static ActorCritic FromTensors(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata, string source)
    {
        string Meta(string key) => metadata.TryGetValue(key, out var value) ? value : throw new InvalidDataException($"{source}: metadata has no '{key}'.");
        var actionSpace = ReadActionSpace(metadata, source);
        var observationSize = int.Parse(Meta("observation_size"), CultureInfo.InvariantCulture);
        var hiddenSize = int.Parse(Meta("hidden_size"), CultureInfo.InvariantCulture);

        var normalizer = new RunningMeanStd(
            JsonSerializer.Deserialize<double[]>(Meta(ObservationMean))!,
            JsonSerializer.Deserialize<double[]>(Meta(ObservationVariance))!,
            double.Parse(Meta(ObservationCount), CultureInfo.InvariantCulture));
        var agent = new ActorCritic(observationSize, actionSpace, hiddenSize, normalizer);
        ModuleTensors.Import(agent, tensors, source: source);
        return agent;
    }

    internal static ActionSpace ReadActionSpace(IReadOnlyDictionary<string, string> metadata, string source)
    {
        string Meta(string key) => metadata.TryGetValue(key, out var value) ? value : throw new InvalidDataException($"{source}: metadata has no '{key}'.");
        return new ActionSpace(Meta("action_field"), Meta("action_discrete") == "true", int.Parse(Meta("action_size"), CultureInfo.InvariantCulture))
        {
            Layout = metadata.ContainsKey("action_mask_slots")
                ? new MaskedActionLayout(int.Parse(Meta("action_mask_slots"), CultureInfo.InvariantCulture), JsonSerializer.Deserialize<string[]>(Meta("action_mask_intervention_types"))!)
                : null,
        };
    }

    internal static void AddShape(Dictionary<string, string> metadata, int observationSize, ActionSpace actionSpace)
    {
        metadata["format"] = "pt";
        metadata["observation_size"] = observationSize.ToString(CultureInfo.InvariantCulture);
        metadata["action_field"] = actionSpace.Field;
        metadata["action_discrete"] = actionSpace.IsDiscrete ? "true" : "false";
        metadata["action_size"] = actionSpace.Size.ToString(CultureInfo.InvariantCulture);
        if (actionSpace.Layout is { } layout)
        {
            metadata["action_mask_slots"] = layout.Slots.ToString(CultureInfo.InvariantCulture);
            metadata["action_mask_intervention_types"] = JsonSerializer.Serialize(layout.InterventionTypes);
        }
    }
}
