using EnvServer.Training.Bandit;
using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Tests.NeuralNetworks;

namespace EnvServer.Training.Tests.Bandit;

/// <summary>
/// σ²(x) = λ·Σₚ gₚ(x)²/Uₚₚ from the factorised per-layer sums, against g(x) taken by finite differences of
/// the network's output parameter by parameter. Two hidden layers, so both the multi-hot first layer and a
/// dense hidden layer are checked.
/// </summary>
public sealed class GradientUncertaintyTests
{
    private const float Lambda = 0.5f;
    private static readonly int[][] Inputs = [[0, 3, 7], [1, 2], [4, 5, 6, 7], [2]];

    [Fact]
    public void Evaluate_FreshDesign_IsTheSquaredGradientNorm()
    {
        var network = Network();
        var uncertainty = new GradientUncertainty(network, Lambda);

        var (means, variances) = Evaluate(uncertainty, Inputs);

        for (var r = 0; r < Inputs.Length; r++)
        {
            Assert.Equal(Output(network, Inputs[r]), means[r], 5);
            // U = λI, so λ·gᵀU⁻¹g = |g|².
            var expected = NumericGradient(network, Inputs[r]).Sum(g => g * g);
            Assert.Equal(expected, variances[r], expected * 2e-3);
        }
    }

    [Fact]
    public void Evaluate_AfterTwoPulls_DividesByLambdaPlusTheirSquaredGradients()
    {
        var network = Network();
        var uncertainty = new GradientUncertainty(network, Lambda);
        var first = NumericGradient(network, Inputs[0]);
        var second = NumericGradient(network, Inputs[1]);

        uncertainty.Add(Inputs[0]);
        uncertainty.Add(Inputs[1]);
        var (_, variances) = Evaluate(uncertainty, Inputs);

        for (var r = 0; r < Inputs.Length; r++)
        {
            var g = NumericGradient(network, Inputs[r]);
            var expected = Lambda * g.Select((gp, p) => gp * gp / (Lambda + first[p] * first[p] + second[p] * second[p])).Sum();
            Assert.Equal(expected, variances[r], expected * 2e-3);
        }

        Assert.True(variances[0] < Evaluate(new GradientUncertainty(network, Lambda), Inputs).Variances[0], "a pulled arm is less uncertain");
    }

    private static Mlp Network()
    {
        var network = new Mlp([8, 6, 5, 1], ActivationKind.Relu);
        var seed = 10;
        foreach (var parameter in network.Parameters) GradientCheck.RandomVector(parameter.Value.Length, seed++).CopyTo(parameter.Value, 0);
        return network;
    }

    private static (float[] Means, float[] Variances) Evaluate(GradientUncertainty uncertainty, int[][] inputs)
    {
        var means = new float[inputs.Length];
        var variances = new float[inputs.Length];
        uncertainty.Evaluate(inputs, means, variances);
        return (means, variances);
    }

    private static double Output(Mlp network, int[] active)
    {
        var input = new Matrix(1, network.Sizes[0]);
        foreach (var i in active) input[0, i] = 1f;
        return network.Forward(input)[0, 0];
    }

    /// <summary>∂f(x)/∂θ for every parameter, flattened in the network's parameter order, by central differences.</summary>
    private static double[] NumericGradient(Mlp network, int[] active)
    {
        const float step = 1e-2f;
        var gradient = new List<double>();
        foreach (var parameter in network.Parameters)
        {
            var values = parameter.Value;
            for (var i = 0; i < values.Length; i++)
            {
                var original = values[i];
                values[i] = original + step;
                var plus = Output(network, active);
                values[i] = original - step;
                var minus = Output(network, active);
                values[i] = original;
                gradient.Add((plus - minus) / (2 * step));
            }
        }

        return [.. gradient];
    }
}
