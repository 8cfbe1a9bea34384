using EnvServer.Training.NeuralNetworks;

namespace EnvServer.Training.Tests.NeuralNetworks;

public sealed class DistributionGradientTests
{
    [Theory]
    [InlineData(1.0f, 0.0f)]
    [InlineData(0.0f, 1.0f)]
    [InlineData(-0.7f, 0.05f)]
    public void CategoricalBackward_LogProbAndEntropy_MatchFiniteDifferences(float logProbWeight, float entropyWeight)
    {
        var logits = GradientCheck.RandomVector(5, 21);
        bool[] mask = [true, false, true, true, false];
        const int action = 3;
        var logProbs = new float[5];

        double Loss()
        {
            Categorical.LogSoftmax(logits, mask, logProbs);
            return logProbWeight * logProbs[action] + entropyWeight * Categorical.Entropy(logProbs);
        }

        Categorical.LogSoftmax(logits, mask, logProbs);
        var gradient = new float[5];
        Categorical.Backward(logProbs, action, logProbWeight, entropyWeight, gradient);

        GradientCheck.Matches(Loss, logits, gradient, "dlogits", step: 1e-3f);
        Assert.Equal(0f, gradient[1]);
        Assert.Equal(0f, gradient[4]);
    }

    [Fact]
    public void LogSoftmax_WithMask_GivesMaskedActionsZeroProbabilityAndTheRestSumToOne()
    {
        float[] logits = [2f, 50f, -1f, 0.5f];
        var logProbs = new float[4];

        Categorical.LogSoftmax(logits, [true, false, true, true], logProbs);

        Assert.True(float.IsNegativeInfinity(logProbs[1]));
        Assert.Equal(1.0, logProbs.Where(float.IsFinite).Sum(lp => Math.Exp(lp)), 5);
        Assert.Equal(0, Categorical.Mode(logProbs));
    }

    [Fact]
    public void Sample_ManyDraws_FollowTheProbabilities()
    {
        var logProbs = new float[3];
        Categorical.LogSoftmax([0f, MathF.Log(2f), MathF.Log(7f)], [], logProbs);
        var random = new Random(5);
        var counts = new int[3];

        for (var i = 0; i < 100_000; i++) counts[Categorical.Sample(logProbs, random)]++;

        // Expected 0.1, 0.2, 0.7; three standard errors of a proportion at n = 1e5 are about 0.0045.
        Assert.Equal(0.1, counts[0] / 1e5, 0.005);
        Assert.Equal(0.2, counts[1] / 1e5, 0.005);
        Assert.Equal(0.7, counts[2] / 1e5, 0.005);
    }

    [Theory]
    [InlineData(1.0f, 0.0f)]
    [InlineData(0.3f, 0.01f)]
    public void GaussianBackward_MeanAndLogStd_MatchFiniteDifferences(float logProbWeight, float entropyWeight)
    {
        float[] action = [0.4f, -1.2f];
        var mean = GradientCheck.RandomVector(2, 31);
        float[] logStd = [-0.5f, 0.3f];

        double Loss() => logProbWeight * DiagonalGaussian.LogProb(action, mean, logStd) + entropyWeight * DiagonalGaussian.Entropy(logStd);

        var meanGradient = new float[2];
        var logStdGradient = new float[2];
        DiagonalGaussian.Backward(action, mean, logStd, logProbWeight, entropyWeight, meanGradient, logStdGradient);

        GradientCheck.Matches(Loss, mean, meanGradient, "dmean", step: 1e-3f);
        GradientCheck.Matches(Loss, logStd, logStdGradient, "dlogstd", step: 1e-3f);
    }

    [Fact]
    public void GaussianLogProb_OneDimension_EqualsTheNormalDensity()
    {
        var logProb = DiagonalGaussian.LogProb([1.5f], [0.5f], [MathF.Log(2f)]);

        var expected = Math.Log(Math.Exp(-0.5 * 0.25) / (2.0 * Math.Sqrt(2 * Math.PI)));
        Assert.Equal(expected, logProb, 5);
    }
}
