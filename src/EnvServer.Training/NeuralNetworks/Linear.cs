using System.Numerics.Tensors;

namespace EnvServer.Training.NeuralNetworks;

/// <summary>y = W·x + b, with W stored [out, in] as PyTorch's nn.Linear stores it.</summary>
internal sealed class Linear : ILayer
{
    private readonly float[] _weightTransposed;
    private Matrix? _input;
    private Matrix? _output;
    private Matrix? _inputGradient;
    private float[] _outputGradientTransposed = [];

    public Linear(string name, int inputs, int outputs)
    {
        Weight = new Parameter($"{name}.weight", outputs, inputs);
        Bias = new Parameter($"{name}.bias", outputs);
        Parameters = [Weight, Bias];
        _weightTransposed = new float[inputs * outputs];
    }

    public Parameter Weight { get; }

    public Parameter Bias { get; }

    public int Inputs => Weight.Shape[1];

    public int Outputs => Weight.Shape[0];

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Y = X·Wᵀ + b, one row per sample.</summary>
    public Matrix Forward(Matrix input)
    {
        _input = input;
        var output = _output = Matrix.Reuse(_output, input.Rows, Outputs);
        for (var b = 0; b < input.Rows; b++) Bias.Value.CopyTo(output.Row(b));

        // The optimiser changes W between calls, so its transpose is taken afresh (in·out copies, cheap beside the product).
        Gemm.Transpose(Weight.Value, _weightTransposed, Outputs, Inputs);
        Gemm.MultiplyAdd(input.Data, _weightTransposed, output.Data, input.Rows, Inputs, Outputs);
        return output;
    }

    /// <summary>db += Σ dY, dW += dYᵀ·X, and returns dX = dY·W.</summary>
    public Matrix Backward(Matrix outputGradient)
    {
        var input = _input ?? throw new InvalidOperationException("Backward before Forward");
        var rows = input.Rows;
        for (var b = 0; b < rows; b++) TensorPrimitives.Add(Bias.Gradient, outputGradient.Row(b), Bias.Gradient);

        if (_outputGradientTransposed.Length != rows * Outputs) _outputGradientTransposed = new float[rows * Outputs];
        Gemm.Transpose(outputGradient.Data, _outputGradientTransposed, rows, Outputs);
        Gemm.MultiplyAdd(_outputGradientTransposed, input.Data, Weight.Gradient, Outputs, rows, Inputs);

        var inputGradient = _inputGradient = Matrix.Reuse(_inputGradient, rows, Inputs);
        Array.Clear(inputGradient.Data);
        Gemm.MultiplyAdd(outputGradient.Data, Weight.Value, inputGradient.Data, rows, Outputs, Inputs);
        return inputGradient;
    }
}
