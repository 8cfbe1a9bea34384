using TorchSharp;
using static TorchSharp.torch;

namespace EnvServer.Training.Networks;

/// <summary>
/// CleanRL's <c>layer_init</c>: orthogonal weights (torch.nn.init.orthogonal_) with gain √2 in hidden layers, 0.01 on a
/// policy's output and 1 on a value head, biases 0. It draws from torch's generator, so <c>torch.manual_seed</c> fixes it.
/// </summary>
internal static class LayerInit
{
    public static readonly double HiddenGain = Math.Sqrt(2);
    public const double PolicyOutputGain = 0.01;
    public const double ValueOutputGain = 1.0;

    public static TorchSharp.Modules.Linear Linear(long inputs, long outputs, double gain)
    {
        var layer = nn.Linear(inputs, outputs);
        using var noGrad = no_grad();
        nn.init.orthogonal_(layer.weight!, gain);
        nn.init.constant_(layer.bias!, 0);
        return layer;
    }

    /// <summary>CleanRL's actor or critic: Linear, Tanh, Linear, Tanh, Linear, named 0 to 4 as nn.Sequential names them.</summary>
    public static TorchSharp.Modules.Sequential TanhMlp(long inputs, long hidden, long outputs, double outputGain) => nn.Sequential(
        ("0", Linear(inputs, hidden, HiddenGain)),
        ("1", nn.Tanh()),
        ("2", Linear(hidden, hidden, HiddenGain)),
        ("3", nn.Tanh()),
        ("4", Linear(hidden, outputs, outputGain)));
}
