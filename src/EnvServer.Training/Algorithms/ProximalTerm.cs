using System.Numerics.Tensors;
using EnvServer.Training.NeuralNetworks;

namespace EnvServer.Training.Algorithms;

/// <summary>
/// FedProx's proximal term (Li et al. 2020): μ/2·‖θ − θ₀‖² added to the local loss keeps a client's weights θ near the
/// global weights θ₀ it started the round from, which limits client drift when hospitals' patients differ.
/// </summary>
internal sealed class ProximalTerm
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly float[][] _anchor;
    private readonly float[][] _scratch;
    private readonly float _mu;

    /// <summary>Anchors the term at the parameters' current values.</summary>
    public ProximalTerm(IReadOnlyList<Parameter> parameters, float mu)
    {
        _parameters = parameters;
        _mu = mu;
        _anchor = parameters.Select(p => (float[])p.Value.Clone()).ToArray();
        _scratch = parameters.Select(p => new float[p.Value.Length]).ToArray();
    }

    /// <summary>μ/2·‖θ − θ₀‖².</summary>
    public double Value()
    {
        var sum = 0.0;
        for (var i = 0; i < _parameters.Count; i++)
        {
            TensorPrimitives.Subtract(_parameters[i].Value, _anchor[i], _scratch[i]);
            sum += TensorPrimitives.SumOfSquares<float>(_scratch[i]);
        }

        return _mu / 2 * sum;
    }

    /// <summary>Adds the term's gradient μ·(θ − θ₀) to the parameters' gradients.</summary>
    public void AddGradient()
    {
        for (var i = 0; i < _parameters.Count; i++)
        {
            TensorPrimitives.Subtract(_parameters[i].Value, _anchor[i], _scratch[i]);
            TensorPrimitives.MultiplyAdd(_scratch[i], _mu, _parameters[i].Gradient, _parameters[i].Gradient);
        }
    }
}
