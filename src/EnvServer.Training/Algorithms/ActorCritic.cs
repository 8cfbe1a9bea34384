using EnvServer.Training.Networks;
using EnvServer.Training.Rollouts;
using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// CleanRL's PPO Agent (ppo.py / ppo_continuous_action.py): separate actor and critic MLPs (tanh, layer_init with
/// gains √2 / 0.01 / 1), a Categorical over discrete actions or a Normal with a state-independent log-std
/// (<c>actor_logstd</c>) over a continuous one, and running observation normalisation in front of both. Module names
/// are CleanRL's, so the state_dict reads <c>critic.0.weight</c>, <c>actor.4.bias</c> or <c>actor_mean.4.bias</c>,
/// <c>actor_logstd</c>. Masked actions (an action mask in the observation) get a logit of −1e8, probability 0.
/// </summary>
internal sealed class ActorCritic : nn.Module, IPolicy
{
    /// <summary>The logit of a masked action, as in CleanRL's invalid-action-masking scripts: exp of it is exactly 0.</summary>
    private const float MaskedLogit = -1e8f;

    private readonly TorchSharp.Modules.Sequential _critic;
    private readonly TorchSharp.Modules.Sequential _actor;
    private readonly TorchSharp.Modules.Parameter? _logStd;

    /// <param name="observationSize">Length of the observation's features vector.</param>
    /// <param name="actionSpace">What the actor outputs.</param>
    /// <param name="hiddenSize">Width of both hidden layers.</param>
    /// <param name="normalizer">Observation statistics to start from (a checkpoint's); fresh ones by default.</param>
    /// <remarks>The initial weights come from torch's generator: call <c>torch.manual_seed</c> first.</remarks>
    public ActorCritic(int observationSize, ActionSpace actionSpace, int hiddenSize, RunningMeanStd? normalizer = null)
        : base(nameof(ActorCritic))
    {
        ActionSpace = actionSpace;
        HiddenSize = hiddenSize;
        _critic = LayerInit.TanhMlp(observationSize, hiddenSize, 1, LayerInit.ValueOutputGain);
        _actor = LayerInit.TanhMlp(observationSize, hiddenSize, actionSpace.Size, LayerInit.PolicyOutputGain);
        register_module("critic", _critic);
        register_module(ActionSpace.IsDiscrete ? "actor" : "actor_mean", _actor);
        if (!actionSpace.IsDiscrete)
        {
            _logStd = nn.Parameter(zeros(1, actionSpace.Size));
            register_parameter("actor_logstd", _logStd);
        }

        Normalizer = normalizer ?? new RunningMeanStd(observationSize);
    }

    public ActionSpace ActionSpace { get; }

    public int HiddenSize { get; }

    public RunningMeanStd Normalizer { get; }

    /// <summary>Where the weights are (see <c>--device</c>).</summary>
    public Device Device => _critic.parameters().First().device;

    public Tensor GetValue(Tensor x) => _critic.forward(x);

    /// <summary>
    /// CleanRL's <c>get_action_and_value</c>: samples an action (with <paramref name="generator"/>) when
    /// <paramref name="action"/> is null, and returns it with its log-probability, the policy's entropy and the value.
    /// Discrete actions are a [B] int64 tensor, continuous ones [B, actions].
    /// </summary>
    public (Tensor Action, Tensor LogProb, Tensor Entropy, Tensor Value) GetActionAndValue(
        Tensor x, Tensor? action = null, Tensor? mask = null, Generator? generator = null)
    {
        var output = _actor.forward(x);
        if (ActionSpace.IsDiscrete)
        {
            // The constructor, not torch.distributions.Categorical, whose TorchSharp 0.107 factory drops the generator.
            using var categorical = new TorchSharp.Modules.Categorical(logits: Masked(output, mask), generator: generator);
            action ??= categorical.sample();
            return (action, categorical.log_prob(action), categorical.entropy(), _critic.forward(x));
        }

        using var normal = distributions.Normal(output, _logStd!.expand_as(output).exp(), generator);
        action ??= normal.sample();
        return (action, normal.log_prob(action).sum(1), normal.entropy().sum(1), _critic.forward(x));
    }

    /// <summary>The deterministic action: the most probable allowed one (lowest index on ties) or the Gaussian's mean.</summary>
    public Tensor Mode(Tensor x, Tensor? mask = null)
    {
        var output = _actor.forward(x);
        return ActionSpace.IsDiscrete ? Masked(output, mask).argmax(1) : output;
    }

    /// <summary>The observations normalised with the current statistics (which this does not change), as a [n, features] tensor.</summary>
    public Tensor Observe(IReadOnlyList<float[]> observations)
    {
        var size = Normalizer.Mean.Length;
        var batch = new float[observations.Count * size];
        for (var i = 0; i < observations.Count; i++)
        {
            var row = batch.AsSpan(i * size, size);
            observations[i].CopyTo(row);
            Normalizer.Normalize(row);
        }

        return tensor(batch, [observations.Count, size], device: Device);
    }

    /// <summary>The sessions' action masks as a [n, actions] bool tensor; null for a space without a mask.</summary>
    public Tensor? Masks(EnvironmentVector envs)
    {
        if (ActionSpace.Layout is not { } layout) return null;
        var masks = new bool[envs.Count * ActionSpace.Size];
        for (var i = 0; i < envs.Count; i++) layout.ReadMask(envs.RawObservations[i], masks.AsSpan(i * ActionSpace.Size, ActionSpace.Size));
        return tensor(masks, [envs.Count, ActionSpace.Size], device: Device);
    }

    public float[] ChooseActions(EnvironmentVector envs, bool deterministic, Random random)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = Observe(envs.Observations);
        var mask = Masks(envs);
        if (deterministic) return ToFloats(Mode(x, mask));
        using var generator = new Generator((ulong)random.NextInt64(), Device);
        return ToFloats(GetActionAndValue(x, mask: mask, generator: generator).Action);
    }

    /// <summary>One float per session: a discrete index or the (single) continuous action value.</summary>
    public static float[] ToFloats(Tensor actions) => actions.detach().cpu().to_type(ScalarType.Float32).reshape(-1).data<float>().ToArray();

    private static Tensor Masked(Tensor logits, Tensor? mask) => mask is null ? logits : where(mask, logits, tensor(MaskedLogit, device: logits.device));
}
