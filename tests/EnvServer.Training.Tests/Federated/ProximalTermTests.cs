using EnvServer.Training.Algorithms;
using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Tests.NeuralNetworks;

namespace EnvServer.Training.Tests.Federated;

public sealed class ProximalTermTests
{
    [Fact]
    public void AddGradient_AwayFromTheAnchor_MatchesFiniteDifferencesOfValue()
    {
        var mlp = new Mlp([3, 4, 2], ActivationKind.Tanh).InitializeOrthogonal(1f, new Random(2));
        var term = new ProximalTerm(mlp.Parameters, mu: 0.7f);
        var drift = new Random(5);
        foreach (var parameter in mlp.Parameters)
        {
            for (var i = 0; i < parameter.Value.Length; i++) parameter.Value[i] += (float)(drift.NextDouble() - 0.5);
        }

        foreach (var parameter in mlp.Parameters)
        {
            mlp.ZeroGradients();
            term.AddGradient();
            var analytic = (float[])parameter.Gradient.Clone();
            GradientCheck.Matches(term.Value, parameter.Value, analytic, parameter.Name, step: 1e-2f, tolerance: 1e-3);
        }
    }

    [Fact]
    public void Value_AtTheAnchor_IsZeroAndAddsNoGradient()
    {
        var parameter = new Parameter("w", 3);
        parameter.Value[0] = 2f;
        parameter.Gradient[1] = 0.5f;
        var term = new ProximalTerm([parameter], mu: 1f);

        term.AddGradient();

        Assert.Equal(0, term.Value());
        Assert.Equal([0f, 0.5f, 0f], parameter.Gradient);
    }
}
