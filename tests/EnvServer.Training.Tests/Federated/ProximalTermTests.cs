using EnvServer.Training.Algorithms;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnvServer.Training.Tests.Federated;

public sealed class ProximalTermTests
{
    [Fact]
    public void Loss_TwoParametersMovedByHand_IsHalfMuTimesTheSquaredDistance()
    {
        using var w = new Parameter(tensor(new[] { 1f, -2f }));
        using var b = new Parameter(tensor(new[] { 0.5f }));
        using var term = new ProximalTerm([w, b], mu: 0.4f);
        using (no_grad())
        {
            w.add_(tensor(new[] { 3f, 0f }));
            b.add_(tensor(new[] { -4f }));
        }

        // ‖θ − θ₀‖² = 3² + 0² + 4² = 25, so μ/2·25 = 5.
        using var loss = term.Loss();

        Assert.Equal(5f, loss.item<float>(), 6);
    }

    [Fact]
    public void Loss_Backward_GivesMuTimesTheDrift()
    {
        using var w = new Parameter(tensor(new[] { 1f, -2f, 0.25f }));
        using var term = new ProximalTerm([w], mu: 0.7f);
        using (no_grad()) w.add_(tensor(new[] { 0.5f, -1f, 2f }));

        term.Loss().backward();

        Assert.Equal([0.35f, -0.7f, 1.4f], w.grad!.data<float>().ToArray().Select(g => MathF.Round(g, 6)));
    }

    [Fact]
    public void Loss_AtTheAnchor_IsZeroWithZeroGradient()
    {
        using var w = new Parameter(tensor(new[] { 2f, 0f, -1f }));
        using var term = new ProximalTerm([w], mu: 1f);

        var loss = term.Loss();
        loss.backward();

        Assert.Equal(0f, loss.item<float>());
        Assert.All(w.grad!.data<float>().ToArray(), g => Assert.Equal(0f, g));
    }
}
