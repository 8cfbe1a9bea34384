namespace EnvServer.Training.NeuralNetworks;

public enum ActivationKind
{
    Tanh,
    Relu,
}

/// <summary>
/// A multilayer perceptron: Linear layers with an activation between them and none after the last,
/// as CleanRL's actor and critic networks. Layer names follow PyTorch's nn.Sequential numbering
/// ("0.weight", "2.bias", ...) so a checkpoint maps onto the same Python model.
/// </summary>
internal sealed class Mlp
{
    private readonly ILayer[] _layers;

    public Mlp(IReadOnlyList<int> sizes, ActivationKind activation)
    {
        if (sizes.Count < 2) throw new ArgumentException("An MLP needs at least an input and an output size.", nameof(sizes));
        Sizes = [.. sizes];
        Activation = activation;
        var layers = new List<ILayer>();
        for (var i = 0; i + 1 < sizes.Count; i++)
        {
            layers.Add(new Linear((2 * i).ToString(System.Globalization.CultureInfo.InvariantCulture), sizes[i], sizes[i + 1]));
            if (i + 2 < sizes.Count) layers.Add(activation == ActivationKind.Tanh ? new Tanh() : new Relu());
        }

        _layers = [.. layers];
        Linears = _layers.OfType<Linear>().ToArray();
        Parameters = _layers.SelectMany(l => l.Parameters).ToArray();
    }

    /// <summary>Input, hidden and output sizes, e.g. [6, 64, 64, 4].</summary>
    public IReadOnlyList<int> Sizes { get; }

    public ActivationKind Activation { get; }

    public IReadOnlyList<Linear> Linears { get; }

    /// <summary>Every stage in order (Linear, activation, Linear, ...), for code that needs each layer's own input and gradient.</summary>
    public IReadOnlyList<ILayer> Layers => _layers;

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Orthogonal weights with CleanRL's gains: √2 hidden, <paramref name="outputGain"/> on the last layer.</summary>
    public Mlp InitializeOrthogonal(float outputGain, Random random)
    {
        for (var i = 0; i < Linears.Count; i++)
        {
            OrthogonalInitializer.Initialize(Linears[i], i + 1 < Linears.Count ? OrthogonalInitializer.HiddenGain : outputGain, random);
        }

        return this;
    }

    public Matrix Forward(Matrix input)
    {
        if (input.Columns != Sizes[0]) throw new ArgumentException($"Expected {Sizes[0]} inputs, got {input.Columns}.", nameof(input));
        var x = input;
        foreach (var layer in _layers) x = layer.Forward(x);
        return x;
    }

    /// <summary>Accumulates the parameters' gradients from the gradient of the output of the last <see cref="Forward"/>.</summary>
    public void Backward(Matrix outputGradient)
    {
        var g = outputGradient;
        for (var i = _layers.Length - 1; i >= 0; i--) g = _layers[i].Backward(g);
    }

    public void ZeroGradients()
    {
        foreach (var parameter in Parameters) parameter.ZeroGradient();
    }
}
