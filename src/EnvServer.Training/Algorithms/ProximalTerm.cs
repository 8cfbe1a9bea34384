using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// FedProx's proximal term (Li et al. 2020): the loss term μ/2·‖θ − θ₀‖², added to the local loss and differentiated
/// by autograd with it, keeps a client's weights θ near the global weights θ₀ it started the round from, which limits
/// client drift when hospitals' patients differ. <see cref="Loss"/> is the extra-loss hook a learner adds to its loss.
/// </summary>
internal sealed class ProximalTerm : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _anchor;
    private readonly float _mu;

    // The bridge for the hand-written PPO until its TorchSharp port lands: its parameters mirrored as tensors.
    private readonly IReadOnlyList<NeuralNetworks.Parameter>? _handWritten;

    /// <summary>Anchors the term at the parameters' current values.</summary>
    public ProximalTerm(IEnumerable<Parameter> parameters, float mu)
    {
        _parameters = parameters.ToArray();
        _anchor = _parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
        _mu = mu;
    }

    /// <summary>Anchors the term at the hand-written network's current values; <see cref="AddGradient"/> adds its
    /// autograd gradient to theirs.</summary>
    public ProximalTerm(IReadOnlyList<NeuralNetworks.Parameter> parameters, float mu)
        : this(parameters.Select(p => new Parameter(tensor(p.Value, p.Shape.Select(d => (long)d).ToArray()).DetachFromDisposeScope())), mu)
    {
        _handWritten = parameters;
    }

    /// <summary>μ/2·‖θ − θ₀‖² as a scalar tensor in the graph of the parameters.</summary>
    public Tensor Loss()
    {
        var sum = tensor(0f);
        for (var i = 0; i < _parameters.Length; i++) sum = sum + (_parameters[i] - _anchor[i]).square().sum();
        return sum * (_mu / 2);
    }

    /// <summary>Adds the term's gradient to the hand-written parameters' gradients.</summary>
    public void AddGradient()
    {
        var handWritten = _handWritten ?? throw new InvalidOperationException("Only a term built on hand-written parameters adds to their gradients.");
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            for (var i = 0; i < _parameters.Length; i++) _parameters[i].copy_(tensor(handWritten[i].Value, _parameters[i].shape));
        }

        var gradients = autograd.grad([Loss()], _parameters);
        for (var i = 0; i < _parameters.Length; i++)
        {
            var gradient = gradients[i].data<float>().ToArray();
            var target = handWritten[i].Gradient;
            for (var j = 0; j < target.Length; j++) target[j] += gradient[j];
        }
    }

    public void Dispose()
    {
        foreach (var anchor in _anchor) anchor.Dispose();
        if (_handWritten is not null)
        {
            foreach (var parameter in _parameters) parameter.Dispose();
        }
    }
}
