using static TorchSharp.torch;

namespace EnvServer.Training.Networks;

/// <summary>The <c>--device</c> option: where the networks live and the minibatches are computed.</summary>
internal static class TorchDevice
{
    public const string Default = "cpu";

    /// <summary>cpu or cuda; cuda without a CUDA backend (the build carries libtorch-cpu) is a one-line error.</summary>
    public static Device Parse(string text) => text switch
    {
        "cpu" => CPU,
        "cuda" when cuda.is_available() => CUDA,
        "cuda" => throw new NotSupportedException("--device cuda: no CUDA backend is available (this build uses libtorch-cpu); use --device cpu."),
        _ => throw new ArgumentException($"--device {text}: expected cpu or cuda."),
    };
}
