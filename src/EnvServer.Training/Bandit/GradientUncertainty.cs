using EnvServer.Training.NeuralNetworks;

namespace EnvServer.Training.Bandit;

/// <summary>
/// Neural Thompson Sampling's uncertainty (Zhang et al. 2021) with a diagonal design matrix:
/// U = λI + Σ g(xₛ)g(xₛ)ᵀ over the pulled arms, g(x) = ∂f(x; θ)/∂θ, and σ²(x) = λ·g(x)ᵀU⁻¹g(x).
/// The full U of the paper's 500-128-1 network has 64,257² ≈ 4·10⁹ entries, so only its diagonal is
/// kept, as Larouche et al.'s code does: σ²(x) = λ·Σₚ gₚ(x)²/Uₚₚ.
/// <para>
/// A batch's per-sample gradients are never formed. For a Linear layer y = Wa + b the gradient of W for
/// sample s is δₛaₛᵀ (δ the gradient of f at the layer's output), so its term of the sum is
/// Σⱼ δₛⱼ²·[(aₛ∘aₛ)·(1/U_W)ᵀ]ⱼ: one matrix product per hidden layer, the price of a forward pass, and for
/// the multi-hot first layer a sum over the active inputs.
/// </para>
/// <para>
/// <see cref="Evaluate"/> runs the network's backward pass, which adds to the parameters' gradients:
/// clear them before the next training step.
/// </para>
/// </summary>
internal sealed class GradientUncertainty
{
    private readonly Mlp _network;
    private readonly float _lambda;
    private readonly float[][] _design;
    private readonly float[][] _inverse;
    private readonly float[][] _inverseWeightTransposed;
    private readonly int[] _linearOfLayer;
    private readonly Matrix _one = new(1, 1);
    private readonly Matrix?[] _squared;
    private readonly Matrix?[] _weighted;
    private Matrix? _ones;
    private Matrix? _firstOutput;

    public GradientUncertainty(Mlp network, float lambda)
    {
        if (network.Sizes[^1] != 1) throw new ArgumentException("The uncertainty is of a scalar output.", nameof(network));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lambda);
        _network = network;
        _lambda = lambda;
        _design = network.Parameters.Select(p => Enumerable.Repeat(lambda, p.Value.Length).ToArray()).ToArray();
        _inverse = network.Parameters.Select(p => Enumerable.Repeat(1f / lambda, p.Value.Length).ToArray()).ToArray();
        _inverseWeightTransposed = network.Linears.Select(l => Enumerable.Repeat(1f / lambda, l.Weight.Value.Length).ToArray()).ToArray();
        var linears = network.Linears.ToList();
        _linearOfLayer = network.Layers.Select(l => l is Linear linear ? linears.IndexOf(linear) : -1).ToArray();
        _squared = new Matrix?[linears.Count];
        _weighted = new Matrix?[linears.Count];
        _one[0, 0] = 1f;
    }

    /// <summary>Input width of the network.</summary>
    public int Inputs => _network.Sizes[0];

    /// <summary>Adds g(x)g(x)ᵀ's diagonal to U for a pulled arm (its active inputs), g taken at the current parameters.</summary>
    public void Add(int[] input)
    {
        var row = new Matrix(1, Inputs);
        foreach (var i in input) row[0, i] = 1f;
        _network.ZeroGradients();
        _network.Forward(row);
        _network.Backward(_one);
        var parameters = _network.Parameters;
        for (var p = 0; p < parameters.Count; p++)
        {
            var gradient = parameters[p].Gradient;
            var design = _design[p];
            var inverse = _inverse[p];
            for (var i = 0; i < gradient.Length; i++)
            {
                if (gradient[i] == 0f) continue;
                design[i] += gradient[i] * gradient[i];
                inverse[i] = 1f / design[i];
            }
        }

        _network.ZeroGradients();
        for (var k = 1; k < _network.Linears.Count; k++)
        {
            var linear = _network.Linears[k];
            Gemm.Transpose(_inverse[WeightIndex(k)], _inverseWeightTransposed[k], linear.Outputs, linear.Inputs);
        }
    }

    /// <summary>
    /// f(x) and σ²(x) = λ·Σₚ gₚ(x)²/Uₚₚ for multi-hot inputs, each given by its active inputs (drug ids).
    /// The first layer's product is then a sum of the active inputs' weights, and its share of gᵀU⁻¹g a sum
    /// of their 1/U entries: about 9 columns of 500 at the paper's scale, so the population of differential
    /// evolution and a sweep over 100,000 combinations cost a fraction of dense passes.
    /// </summary>
    public void Evaluate(IReadOnlyList<int[]> inputs, Span<float> means, Span<float> variances)
    {
        var rows = inputs.Count;
        var first = _network.Linears[0];
        var (ins, outs) = (first.Inputs, first.Outputs);
        var weight = first.Weight.Value;
        var hidden = _firstOutput = Matrix.Reuse(_firstOutput, rows, outs);
        for (var r = 0; r < rows; r++)
        {
            var output = hidden.Row(r);
            first.Bias.Value.CopyTo(output);
            foreach (var i in inputs[r])
            {
                for (var j = 0; j < outs; j++) output[j] += weight[j * ins + i];
            }
        }

        var layers = _network.Layers;
        var layerInputs = new Matrix[layers.Count];
        var x = hidden;
        for (var i = 1; i < layers.Count; i++)
        {
            layerInputs[i] = x;
            x = layers[i].Forward(x);
        }

        x.Data.AsSpan(0, rows).CopyTo(means);
        variances[..rows].Clear();

        var ones = _ones = Matrix.Reuse(_ones, rows, 1);
        Array.Fill(ones.Data, 1f);
        var gradient = ones;
        for (var i = layers.Count - 1; i >= 1; i--)
        {
            if (_linearOfLayer[i] is var k and >= 0) AddLinearTerms(k, layerInputs[i], gradient, variances);
            gradient = layers[i].Backward(gradient);
        }

        // The first layer: gradient now holds δ at its output; a multi-hot input's squares are the input itself.
        var inverseWeight = _inverse[WeightIndex(0)];
        var inverseBias = _inverse[WeightIndex(0) + 1];
        for (var r = 0; r < rows; r++)
        {
            var delta = gradient.Row(r);
            var sum = 0f;
            for (var j = 0; j < outs; j++)
            {
                if (delta[j] == 0f) continue;
                var term = inverseBias[j];
                foreach (var i in inputs[r]) term += inverseWeight[j * ins + i];
                sum += delta[j] * delta[j] * term;
            }

            variances[r] = _lambda * (variances[r] + sum);
        }
    }

    /// <summary>Σⱼ δⱼ²·(Σᵢ aᵢ²/U_W[j,i] + 1/U_b[j]) for each row: the layer's share of gᵀU⁻¹g.</summary>
    private void AddLinearTerms(int k, Matrix input, Matrix outputGradient, Span<float> variances)
    {
        var linear = _network.Linears[k];
        var (rows, ins, outs) = (input.Rows, linear.Inputs, linear.Outputs);
        var squared = _squared[k] = Matrix.Reuse(_squared[k], rows, ins);
        System.Numerics.Tensors.TensorPrimitives.Multiply(input.Data, input.Data, squared.Data);
        var weighted = _weighted[k] = Matrix.Reuse(_weighted[k], rows, outs);
        Array.Clear(weighted.Data);
        Gemm.MultiplyAdd(squared.Data, _inverseWeightTransposed[k], weighted.Data, rows, ins, outs);

        var biasInverse = _inverse[WeightIndex(k) + 1];
        for (var r = 0; r < rows; r++)
        {
            var delta = outputGradient.Row(r);
            var terms = weighted.Row(r);
            var sum = 0f;
            for (var j = 0; j < outs; j++) sum += delta[j] * delta[j] * (terms[j] + biasInverse[j]);
            variances[r] += sum;
        }
    }

    /// <summary>Index of Linear k's weight in the network's parameter list (weight, bias, weight, bias, ...).</summary>
    private static int WeightIndex(int k) => 2 * k;
}
