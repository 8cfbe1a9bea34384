using System.Numerics.Tensors;

namespace EnvServer.Training.NeuralNetworks;

/// <summary>y = W·x + b, with W stored [out, in] as PyTorch's nn.Linear stores it.</summary>
internal sealed class Linear : ILayer
{
    private Matrix? _input;
    private Matrix? _output;
    private Matrix? _inputGradient;

    public Linear(string name, int inputs, int outputs)
    {
        Weight = new Parameter($"{name}.weight", outputs, inputs);
        Bias = new Parameter($"{name}.bias", outputs);
        Parameters = [Weight, Bias];
    }

    public Parameter Weight { get; }

    public Parameter Bias { get; }

    public int Inputs => Weight.Shape[1];

    public int Outputs => Weight.Shape[0];

    public IReadOnlyList<Parameter> Parameters { get; }

    public Matrix Forward(Matrix input)
    {
        _input = input;
        var output = _output = Matrix.Reuse(_output, input.Rows, Outputs);
        var weights = Weight.Value.AsSpan();
        var bias = Bias.Value.AsSpan();
        for (var b = 0; b < input.Rows; b++)
        {
            var x = input.Row(b);
            var y = output.Row(b);
            for (var o = 0; o < y.Length; o++) y[o] = TensorPrimitives.Dot(x, weights.Slice(o * Inputs, Inputs)) + bias[o];
        }

        return output;
    }

    public Matrix Backward(Matrix outputGradient)
    {
        var input = _input ?? throw new InvalidOperationException("Backward before Forward");
        var inputGradient = _inputGradient = Matrix.Reuse(_inputGradient, input.Rows, Inputs);
        Array.Clear(inputGradient.Data);
        var weights = Weight.Value.AsSpan();
        var weightGradient = Weight.Gradient.AsSpan();
        var biasGradient = Bias.Gradient.AsSpan();
        for (var b = 0; b < input.Rows; b++)
        {
            var x = input.Row(b);
            var dy = outputGradient.Row(b);
            var dx = inputGradient.Row(b);
            TensorPrimitives.Add(biasGradient, dy, biasGradient);
            for (var o = 0; o < dy.Length; o++)
            {
                var g = dy[o];
                if (g == 0) continue;
                var weightRow = weights.Slice(o * Inputs, Inputs);
                var gradientRow = weightGradient.Slice(o * Inputs, Inputs);
                TensorPrimitives.MultiplyAdd(x, g, gradientRow, gradientRow);
                TensorPrimitives.MultiplyAdd(weightRow, g, dx, dx);
            }
        }

        return inputGradient;
    }
}
