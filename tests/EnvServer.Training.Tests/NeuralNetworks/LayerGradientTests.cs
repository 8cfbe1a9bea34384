using EnvServer.Training.NeuralNetworks;

namespace EnvServer.Training.Tests.NeuralNetworks;

/// <summary>Every layer's gradients against finite differences of L = Σ c·y for fixed random c.</summary>
public sealed class LayerGradientTests
{
    [Fact]
    public void LinearBackward_WeightsBiasAndInput_MatchFiniteDifferences()
    {
        var layer = new Linear("0", inputs: 5, outputs: 3);
        GradientCheck.RandomVector(15, 1).CopyTo(layer.Weight.Value, 0);
        GradientCheck.RandomVector(3, 2).CopyTo(layer.Bias.Value, 0);
        var input = Batch(rows: 4, columns: 5, seed: 3);
        var coefficients = GradientCheck.RandomVector(4 * 3, 4);

        double Loss() => Weighted(layer.Forward(input), coefficients);
        layer.Forward(input);
        var inputGradient = layer.Backward(Gradient(4, 3, coefficients));

        GradientCheck.Matches(Loss, layer.Weight.Value, layer.Weight.Gradient, "dW");
        GradientCheck.Matches(Loss, layer.Bias.Value, layer.Bias.Gradient, "db");
        GradientCheck.Matches(Loss, input.Data, inputGradient.Data.ToArray(), "dx");
    }

    [Fact]
    public void LinearBackward_CalledTwice_AccumulatesParameterGradients()
    {
        var layer = new Linear("0", 2, 2);
        GradientCheck.RandomVector(4, 5).CopyTo(layer.Weight.Value, 0);
        var input = Batch(1, 2, 6);
        var ones = Gradient(1, 2, [1f, 1f]);
        layer.Forward(input);
        layer.Backward(ones);
        var once = layer.Weight.Gradient.ToArray();

        layer.Forward(input);
        layer.Backward(ones);

        Assert.Equal(once.Select(g => 2 * g), layer.Weight.Gradient);
    }

    [Fact]
    public void TanhBackward_Input_MatchesFiniteDifferences()
    {
        var layer = new Tanh();
        var input = Batch(3, 4, 7);
        var coefficients = GradientCheck.RandomVector(12, 8);

        double Loss() => Weighted(layer.Forward(input), coefficients);
        layer.Forward(input);
        var inputGradient = layer.Backward(Gradient(3, 4, coefficients)).Data.ToArray();

        GradientCheck.Matches(Loss, input.Data, inputGradient, "dx", step: 1e-3f);
    }

    [Fact]
    public void ReluBackward_Input_MatchesFiniteDifferences()
    {
        var layer = new Relu();
        // Keep every input away from the kink at 0, where the derivative is undefined.
        var input = Batch(3, 4, 9);
        for (var i = 0; i < input.Data.Length; i++) input.Data[i] += input.Data[i] >= 0 ? 0.1f : -0.1f;
        var coefficients = GradientCheck.RandomVector(12, 10);

        double Loss() => Weighted(layer.Forward(input), coefficients);
        layer.Forward(input);
        var inputGradient = layer.Backward(Gradient(3, 4, coefficients)).Data.ToArray();

        GradientCheck.Matches(Loss, input.Data, inputGradient, "dx", step: 1e-3f);
        Assert.Contains(0f, inputGradient);
    }

    [Theory]
    [InlineData(ActivationKind.Tanh)]
    [InlineData(ActivationKind.Relu)]
    public void MlpBackward_AllParameters_MatchFiniteDifferences(ActivationKind activation)
    {
        var network = new Mlp([6, 8, 8, 3], activation).InitializeOrthogonal(OrthogonalInitializer.ValueOutputGain, new Random(11));
        foreach (var linear in network.Linears) GradientCheck.RandomVector(linear.Bias.Value.Length, 12).CopyTo(linear.Bias.Value, 0);
        var input = Batch(5, 6, 13);
        var coefficients = GradientCheck.RandomVector(5 * 3, 14);

        double Loss() => Weighted(network.Forward(input), coefficients);
        network.ZeroGradients();
        network.Forward(input);
        network.Backward(Gradient(5, 3, coefficients));

        foreach (var parameter in network.Parameters)
        {
            GradientCheck.Matches(Loss, parameter.Value, parameter.Gradient.ToArray(), parameter.Name, step: 1e-3f);
        }
    }

    [Fact]
    public void Mlp_ParameterNames_FollowPyTorchSequentialNumbering()
    {
        var network = new Mlp([6, 64, 64, 4], ActivationKind.Tanh);

        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"], network.Parameters.Select(p => p.Name));
        Assert.Equal([64, 6], network.Parameters[0].Shape);
    }

    internal static Matrix Batch(int rows, int columns, int seed)
    {
        var matrix = new Matrix(rows, columns);
        GradientCheck.RandomVector(rows * columns, seed).CopyTo(matrix.Data, 0);
        return matrix;
    }

    private static Matrix Gradient(int rows, int columns, float[] coefficients)
    {
        var matrix = new Matrix(rows, columns);
        coefficients.CopyTo(matrix.Data, 0);
        return matrix;
    }

    private static double Weighted(Matrix output, float[] coefficients) =>
        output.Data.Zip(coefficients, (y, c) => (double)y * c).Sum();
}
