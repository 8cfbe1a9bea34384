using EnvServer.Training.Bandit;
using EnvServer.Training.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnvServer.Training.Tests.Bandit;

/// <summary>
/// g(x) from autograd against a hand-derived gradient and finite differences, and σ²(x) = λ·Σₚ gₚ(x)²/Uₚₚ from the
/// batched per-sample trick against g(x) taken by finite differences parameter by parameter and against autograd one
/// sample at a time. Two hidden layers, so both the first layer and a hidden layer are checked.
/// </summary>
public sealed class GradientUncertaintyTests
{
    private const float Lambda = 0.5f;
    private static readonly int[][] Inputs = [[0, 3, 7], [1, 2], [4, 5, 6, 7], [2]];

    [Fact]
    public void Gradient_OneHiddenUnit_IsTheHandDerivedChainRule()
    {
        // f(x) = v·relu(w·x + b) + c with w = (0.5, −2), b = 0.25, v = 3, c = 1 at x = (1, 0):
        // z = 0.75 > 0, so ∂f/∂w = v·x = (3, 0), ∂f/∂b = v = 3, ∂f/∂v = z = 0.75, ∂f/∂c = 1.
        using var network = ReluMlp.Create([2, 1, 1], outputGain: 1, seed: 1);
        Set(network, [[0.5f, -2f], [0.25f], [3f], [1f]]);
        using var uncertainty = new GradientUncertainty(network, Lambda);

        var gradient = uncertainty.Gradient([0]).Select(g => g.data<float>().ToArray()).ToArray();

        Assert.Equal([3f, 0f], gradient[0]);
        Assert.Equal([3f], gradient[1]);
        Assert.Equal([0.75f], gradient[2]);
        Assert.Equal([1f], gradient[3]);
    }

    [Fact]
    public void Gradient_TwoHiddenLayers_MatchesFiniteDifferences()
    {
        using var network = Network();
        using var uncertainty = new GradientUncertainty(network, Lambda);

        foreach (var input in Inputs)
        {
            var autograd = uncertainty.Gradient(input).SelectMany(g => g.data<float>().ToArray()).ToArray();
            var numeric = NumericGradient(network, input);
            for (var p = 0; p < numeric.Length; p++) Assert.Equal(numeric[p], autograd[p], 2e-3);
        }
    }

    [Fact]
    public void Evaluate_FreshDesign_IsTheSquaredGradientNorm()
    {
        using var network = Network();
        using var uncertainty = new GradientUncertainty(network, Lambda);

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
        using var network = Network();
        using var uncertainty = new GradientUncertainty(network, Lambda);
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

        using var fresh = new GradientUncertainty(network, Lambda);
        Assert.True(variances[0] < Evaluate(fresh, Inputs).Variances[0], "a pulled arm is less uncertain");
    }

    [Fact]
    public void Evaluate_Batch_EqualsAutogradOneSampleAtATime()
    {
        using var network = Network();
        using var uncertainty = new GradientUncertainty(network, Lambda);
        var pulled = uncertainty.Gradient(Inputs[2]).SelectMany(g => g.data<float>().ToArray()).ToArray();
        uncertainty.Add(Inputs[2]);

        var (_, variances) = Evaluate(uncertainty, Inputs);

        for (var r = 0; r < Inputs.Length; r++)
        {
            var g = uncertainty.Gradient(Inputs[r]).SelectMany(t => t.data<float>().ToArray()).ToArray();
            var expected = Lambda * g.Select((gp, p) => (double)gp * gp / (Lambda + pulled[p] * pulled[p])).Sum();
            Assert.Equal(expected, variances[r], expected * 1e-5);
        }
    }

    /// <summary>8 → 6 → 5 → 1 with weights and biases drawn from a fixed seed, so every ReLU has live units.</summary>
    private static Sequential Network()
    {
        var network = ReluMlp.Create([8, 6, 5, 1], outputGain: 1, seed: 10);
        var random = new Random(10);
        Set(network, network.parameters().Select(p => Enumerable.Range(0, (int)p.numel()).Select(_ => (float)(random.NextDouble() - 0.3)).ToArray()).ToArray());
        return network;
    }

    private static void Set(Sequential network, float[][] values)
    {
        using var noGrad = no_grad();
        foreach (var (parameter, value) in network.parameters().Zip(values)) parameter.copy_(tensor(value, parameter.shape));
    }

    private static (float[] Means, float[] Variances) Evaluate(GradientUncertainty uncertainty, int[][] inputs)
    {
        var means = new float[inputs.Length];
        var variances = new float[inputs.Length];
        uncertainty.Evaluate(inputs, means, variances);
        return (means, variances);
    }

    private static double Output(Sequential network, int[] active)
    {
        using var noGrad = no_grad();
        var input = new float[network.parameters().First().shape[1]];
        foreach (var i in active) input[i] = 1f;
        return network.forward(tensor(input, [1, input.Length])).item<float>();
    }

    /// <summary>∂f(x)/∂θ for every parameter, flattened in the network's parameter order, by central differences.</summary>
    private static double[] NumericGradient(Sequential network, int[] active)
    {
        const float step = 1e-2f;
        var gradient = new List<double>();
        foreach (var parameter in network.parameters())
        {
            var flat = parameter.detach().view(-1);
            for (var i = 0; i < flat.shape[0]; i++)
            {
                var original = flat[i].item<float>();
                flat[i].fill_(original + step);
                var plus = Output(network, active);
                flat[i].fill_(original - step);
                var minus = Output(network, active);
                flat[i].fill_(original);
                gradient.Add((plus - minus) / (2 * step));
            }
        }

        return [.. gradient];
    }
}
