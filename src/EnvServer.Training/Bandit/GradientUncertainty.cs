using EnvServer.Training.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnvServer.Training.Bandit;

/// <summary>
/// Neural Thompson Sampling's uncertainty (Zhang et al. 2021) with a diagonal design matrix:
/// U = λI + Σ g(xₛ)g(xₛ)ᵀ over the pulled arms, g(x) = ∂f(x; θ)/∂θ, and σ²(x) = λ·g(x)ᵀU⁻¹g(x).
/// The full U of the paper's 500-128-1 network has 64,257² ≈ 4·10⁹ entries, so only its diagonal is
/// kept, as Larouche et al.'s code does: σ²(x) = λ·Σₚ gₚ(x)²/Uₚₚ.
/// <para>
/// A pulled arm's g(x) is autograd's gradient of f(x) (<see cref="Gradient"/>). A batch's σ² takes the per-sample
/// gradients from one backward pass without materialising them (the per-sample trick of Opacus): rows of a batch do
/// not interact, so autograd's gradient of Σₛ f(xₛ) at a Linear layer's output z is each sample's own δₛ = ∂f(xₛ)/∂zₛ,
/// and that layer's per-sample gradients are δₛ (bias) and δₛaₛᵀ (weight, aₛ the layer's input). Their share of
/// gᵀU⁻¹g is then Σⱼ δₛⱼ²·(Σᵢ aₛᵢ²/U_W[j,i] + 1/U_b[j]): one matrix product per layer, the price of a forward pass,
/// where forming g would cost 64,257 values per candidate.
/// </para>
/// </summary>
internal sealed class GradientUncertainty : IDisposable
{
    private readonly Sequential _network;
    private readonly Linear[] _linears;
    private readonly Parameter[] _parameters;
    private readonly float _lambda;
    private readonly Tensor[] _design;
    private readonly Tensor[] _inverse;

    public GradientUncertainty(Sequential network, float lambda)
    {
        _linears = ReluMlp.Linears(network);
        if (_linears.Length == 0 || _linears[^1].weight!.shape[0] != 1) throw new ArgumentException("The uncertainty is of a scalar output.", nameof(network));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lambda);
        _network = network;
        _lambda = lambda;
        // Linear k's weight and bias are parameters 2k and 2k + 1.
        _parameters = _linears.SelectMany(l => new[] { l.weight!, l.bias! }).ToArray();
        _design = _parameters.Select(p => full_like(p, lambda).detach().DetachFromDisposeScope()).ToArray();
        _inverse = _design.Select(d => d.reciprocal().DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Input width of the network.</summary>
    public int Inputs => (int)_linears[0].weight!.shape[1];

    /// <summary>g(x) = ∂f(x)/∂θ for one multi-hot input (its active inputs), by autograd, one tensor per parameter
    /// (weight, bias of each Linear layer in order).</summary>
    public Tensor[] Gradient(int[] input)
    {
        var output = _network.forward(MultiHot([input]));
        return [.. autograd.grad([output.sum()], _parameters)];
    }

    /// <summary>Adds g(x)g(x)ᵀ's diagonal to U for a pulled arm (its active inputs), g taken at the current parameters.</summary>
    public void Add(int[] input)
    {
        using var scope = NewDisposeScope();
        var gradient = Gradient(input);
        using var noGrad = no_grad();
        for (var p = 0; p < _parameters.Length; p++)
        {
            _design[p].add_(gradient[p].square());
            _inverse[p].copy_(_design[p].reciprocal());
        }
    }

    /// <summary>f(x) and σ²(x) = λ·Σₚ gₚ(x)²/Uₚₚ for multi-hot inputs, each given by its active inputs (drug ids).</summary>
    public void Evaluate(IReadOnlyList<int[]> inputs, Span<float> means, Span<float> variances)
    {
        using var scope = NewDisposeScope();
        var layerInputs = new List<Tensor>();
        var layerOutputs = new List<Tensor>();
        var x = MultiHot(inputs);
        foreach (var module in _network.children())
        {
            if (module is Linear linear)
            {
                layerInputs.Add(x);
                x = linear.forward(x);
                layerOutputs.Add(x);
            }
            else
            {
                x = ((nn.Module<Tensor, Tensor>)module).forward(x);
            }
        }

        var deltas = autograd.grad([x.sum()], layerOutputs);
        using var noGrad = no_grad();
        var sum = zeros(inputs.Count);
        for (var k = 0; k < _linears.Length; k++)
        {
            var terms = layerInputs[k].square().mm(_inverse[2 * k].t()) + _inverse[2 * k + 1];
            sum = sum + (deltas[k].square() * terms).sum(1);
        }

        x.detach().reshape(-1).data<float>().CopyTo(means[..inputs.Count]);
        (sum * _lambda).data<float>().CopyTo(variances[..inputs.Count]);
    }

    public void Dispose()
    {
        foreach (var tensor in _design.Concat(_inverse)) tensor.Dispose();
    }

    /// <summary>One row per input, 1 at its active columns.</summary>
    private Tensor MultiHot(IReadOnlyList<int[]> inputs)
    {
        var width = Inputs;
        var rows = new float[inputs.Count * width];
        for (var r = 0; r < inputs.Count; r++)
        {
            foreach (var i in inputs[r]) rows[r * width + i] = 1f;
        }

        return tensor(rows, [inputs.Count, width]);
    }
}
