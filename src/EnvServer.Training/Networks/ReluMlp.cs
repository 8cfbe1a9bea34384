using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnvServer.Training.Networks;

/// <summary>
/// A ReLU multilayer perceptron as an <c>nn.Sequential</c> numbered as PyTorch numbers it (<c>0.weight</c>,
/// <c>2.bias</c>, ...), orthogonally initialised from a seed of its own: √2 on hidden layers, a chosen gain on the last,
/// biases 0. TorchSharp's <c>nn.init.orthogonal_</c> draws from the process-wide generator, which concurrent runs (the
/// clients of an in-process federation, parallel tests) would share; so the same algorithm (QR of a Gaussian matrix,
/// Q's columns signed by R's diagonal) runs here on a private generator, and a seed gives the same weights whatever
/// else runs.
/// </summary>
internal static class ReluMlp
{
    public static Sequential Create(IReadOnlyList<int> sizes, double outputGain, long seed)
    {
        if (sizes.Count < 2) throw new ArgumentException("An MLP needs at least an input and an output size.", nameof(sizes));
        using var generator = new Generator((ulong)seed, CPU);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var i = 0; i + 1 < sizes.Count; i++)
        {
            var linear = nn.Linear(sizes[i], sizes[i + 1]);
            Orthogonal(linear, i + 2 < sizes.Count ? Math.Sqrt(2) : outputGain, generator);
            layers.Add(((2 * i).ToString(System.Globalization.CultureInfo.InvariantCulture), linear));
            if (i + 2 < sizes.Count) layers.Add(((2 * i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), nn.ReLU()));
        }

        return nn.Sequential(layers);
    }

    /// <summary>The Linear layers in order.</summary>
    public static Linear[] Linears(Sequential network) => network.children().OfType<Linear>().ToArray();

    private static void Orthogonal(Linear layer, double gain, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (rows, columns) = (layer.weight!.shape[0], layer.weight.shape[1]);
        var wide = rows < columns;
        var gaussian = wide ? randn(columns, rows, generator: generator) : randn(rows, columns, generator: generator);
        var (q, r) = linalg.qr(gaussian);
        q = q * r.diagonal().sign();
        layer.weight.copy_((wide ? q.t() : q) * gain);
        layer.bias!.zero_();
    }
}
