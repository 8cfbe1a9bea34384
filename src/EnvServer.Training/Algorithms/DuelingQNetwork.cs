using EnvServer.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// The dueling architecture of Wang et al. 2016: a shared ReLU torso feeding a state-value head V(s) and an advantage
/// head A(s, a), combined as Q(s, a) = V(s) + A(s, a) − mean_a A(s, a) so that V and A are identifiable. Module names
/// <c>feature.{0,2}</c>, <c>value</c>, <c>advantage</c> are those of the PyTorch module with
/// <c>feature = nn.Sequential(Linear, ReLU, Linear, ReLU)</c> and two Linear heads; layer_init gives the torso gain √2 and
/// the heads gain 1 (draws from torch's generator).
/// </summary>
internal sealed class DuelingQNetwork : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Sequential _feature;
    private readonly TorchSharp.Modules.Linear _value;
    private readonly TorchSharp.Modules.Linear _advantage;

    public DuelingQNetwork(int observationSize, int actions, int hiddenSize)
        : base(nameof(DuelingQNetwork))
    {
        ObservationSize = observationSize;
        Actions = actions;
        HiddenSize = hiddenSize;
        _feature = nn.Sequential(
            ("0", LayerInit.Linear(observationSize, hiddenSize, LayerInit.HiddenGain)),
            ("1", nn.ReLU()),
            ("2", LayerInit.Linear(hiddenSize, hiddenSize, LayerInit.HiddenGain)),
            ("3", nn.ReLU()));
        _value = LayerInit.Linear(hiddenSize, 1, LayerInit.ValueOutputGain);
        _advantage = LayerInit.Linear(hiddenSize, actions, LayerInit.ValueOutputGain);
        register_module("feature", _feature);
        register_module("value", _value);
        register_module("advantage", _advantage);
    }

    public int ObservationSize { get; }

    public int Actions { get; }

    public int HiddenSize { get; }

    /// <summary>Q-values, one row per observation, one column per action.</summary>
    public override Tensor forward(Tensor observations)
    {
        using var scope = NewDisposeScope();
        var features = _feature.forward(observations);
        var a = _advantage.forward(features);
        return (_value.forward(features) + a - a.mean([1], keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>θ_target ← τ·θ + (1 − τ)·θ_target for every parameter (τ = 1 copies), as CleanRL's dqn.py updates its target network.</summary>
    public void SoftUpdateFrom(DuelingQNetwork source, float tau)
    {
        using var noGrad = no_grad();
        foreach (var (target, online) in parameters().Zip(source.parameters()))
        {
            if (tau >= 1f) target.copy_(online);
            else target.copy_(tau * online + (1f - tau) * target);
        }
    }
}
