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

    /// <summary>Anchors the term at the parameters' current values.</summary>
    public ProximalTerm(IEnumerable<Parameter> parameters, float mu)
    {
        _parameters = parameters.ToArray();
        _anchor = _parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
        _mu = mu;
    }

    /// <summary>μ/2·‖θ − θ₀‖² as a scalar tensor in the graph of the parameters.</summary>
    public Tensor Loss()
    {
        var sum = tensor(0f);
        for (var i = 0; i < _parameters.Length; i++) sum = sum + (_parameters[i] - _anchor[i]).square().sum();
        return sum * (_mu / 2);
    }

    public void Dispose()
    {
        foreach (var anchor in _anchor) anchor.Dispose();
    }
}
