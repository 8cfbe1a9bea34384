using EnvServer.Training.Algorithms;

namespace EnvServer.Training.Tests.Algorithms;

public sealed class PpoLossTests
{
    private const float Clip = 0.2f;

    /// <summary>Points inside and outside the clip range, for positive and negative advantages (away from the kinks).</summary>
    [Theory]
    [InlineData(0.05f, 1.5f)]
    [InlineData(0.05f, -1.5f)]
    [InlineData(0.4f, 1.5f)]
    [InlineData(0.4f, -1.5f)]
    [InlineData(-0.4f, 1.5f)]
    [InlineData(-0.4f, -1.5f)]
    public void Policy_Gradient_MatchesFiniteDifferences(float logRatio, float advantage)
    {
        const float old = -1.2f;
        const float h = 1e-3f;

        var (_, gradient) = PpoLoss.Policy(old + logRatio, old, advantage, Clip);
        var numeric = (PpoLoss.Policy(old + logRatio + h, old, advantage, Clip).Loss - PpoLoss.Policy(old + logRatio - h, old, advantage, Clip).Loss) / (2 * h);

        Assert.Equal(numeric, gradient, 2);
    }

    [Fact]
    public void Policy_RatioBeyondTheClipInTheAdvantagesDirection_HasNoGradient()
    {
        var (loss, gradient) = PpoLoss.Policy(newLogProb: MathF.Log(1.5f), oldLogProb: 0f, advantage: 2f, Clip);

        Assert.Equal(-2f * 1.2f, loss, 5);
        Assert.Equal(0f, gradient);
    }

    [Theory]
    [InlineData(1.05f, 1.0f, 2.0f)]
    [InlineData(1.5f, 1.0f, 2.0f)]
    [InlineData(0.5f, 1.0f, 2.0f)]
    [InlineData(1.5f, 1.0f, -3.0f)]
    public void Value_Gradient_MatchesFiniteDifferences(float newValue, float oldValue, float target)
    {
        const float h = 1e-3f;

        var (_, gradient) = PpoLoss.Value(newValue, oldValue, target, Clip);
        var numeric = (PpoLoss.Value(newValue + h, oldValue, target, Clip).Loss - PpoLoss.Value(newValue - h, oldValue, target, Clip).Loss) / (2 * h);

        Assert.Equal(numeric, gradient, 2);
    }

    [Fact]
    public void ApproximateKl_SamePolicy_IsZeroAndElsePositive()
    {
        Assert.Equal(0f, PpoLoss.ApproximateKl(-0.7f, -0.7f));
        Assert.True(PpoLoss.ApproximateKl(-0.2f, -0.7f) > 0);
        Assert.True(PpoLoss.ApproximateKl(-0.9f, -0.7f) > 0);
    }
}
