using System.Numerics.Tensors;

namespace EnvServer.Training.NeuralNetworks;

/// <summary>tanh, element-wise; its derivative 1 − tanh² is taken from the kept output.</summary>
internal sealed class Tanh : ILayer
{
    private Matrix? _output;
    private Matrix? _inputGradient;

    public IReadOnlyList<Parameter> Parameters => [];

    public Matrix Forward(Matrix input)
    {
        var output = _output = Matrix.Reuse(_output, input.Rows, input.Columns);
        TensorPrimitives.Tanh(input.Data, output.Data);
        return output;
    }

    public Matrix Backward(Matrix outputGradient)
    {
        var output = _output ?? throw new InvalidOperationException("Backward before Forward");
        var inputGradient = _inputGradient = Matrix.Reuse(_inputGradient, output.Rows, output.Columns);
        // dx = dy · (1 − y²) = dy − dy·y·y
        TensorPrimitives.Multiply(output.Data, output.Data, inputGradient.Data);
        TensorPrimitives.Multiply(inputGradient.Data, outputGradient.Data, inputGradient.Data);
        TensorPrimitives.Subtract(outputGradient.Data, inputGradient.Data, inputGradient.Data);
        return inputGradient;
    }
}

/// <summary>max(0, x), element-wise; the gradient passes where the input was positive.</summary>
internal sealed class Relu : ILayer
{
    private Matrix? _output;
    private Matrix? _inputGradient;

    public IReadOnlyList<Parameter> Parameters => [];

    public Matrix Forward(Matrix input)
    {
        var output = _output = Matrix.Reuse(_output, input.Rows, input.Columns);
        TensorPrimitives.Max(input.Data, 0f, output.Data);
        return output;
    }

    public Matrix Backward(Matrix outputGradient)
    {
        var output = _output ?? throw new InvalidOperationException("Backward before Forward");
        var inputGradient = _inputGradient = Matrix.Reuse(_inputGradient, output.Rows, output.Columns);
        for (var i = 0; i < output.Data.Length; i++) inputGradient.Data[i] = output.Data[i] > 0 ? outputGradient.Data[i] : 0f;
        return inputGradient;
    }
}
