using EnvServer.Training.NeuralNetworks;
using EnvServer.Training.Networks;

namespace EnvServer.Training.Tests.NeuralNetworks;

public sealed class OptimizationTests
{
    [Fact]
    public void AdamStep_ThreeSteps_MatchesTorchFormulaComputedInDouble()
    {
        var parameter = new Parameter("w", 3);
        float[] start = [0.5f, -1f, 2f];
        start.CopyTo(parameter.Value, 0);
        float[][] gradients = [[0.1f, -0.2f, 0.3f], [0.05f, 0.4f, -0.1f], [-0.3f, 0.1f, 0.2f]];
        var adam = new Adam([parameter], learningRate: 0.01f);

        foreach (var g in gradients)
        {
            g.CopyTo(parameter.Gradient, 0);
            adam.Step();
        }

        var expected = TorchAdam(start, gradients, lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-5);
        for (var i = 0; i < 3; i++) Assert.Equal(expected[i], parameter.Value[i], 5);
    }

    [Fact]
    public void RunningMeanStd_BatchesOfAStream_GiveTheStreamsMeanAndVariance()
    {
        var random = new Random(3);
        var all = Enumerable.Range(0, 300).Select(_ => new[] { (float)(5 + 2 * random.NextDouble()), (float)(-3 * random.NextDouble()) }).ToArray();
        var statistics = new RunningMeanStd(2);

        foreach (var chunk in all.Chunk(37)) statistics.Update(Matrix.FromRows(chunk));

        for (var k = 0; k < 2; k++)
        {
            var values = all.Select(row => (double)row[k]).ToArray();
            var mean = values.Average();
            var variance = values.Select(v => (v - mean) * (v - mean)).Average();
            // The initial count of 1e-4 (mean 0, variance 1) shifts the result by about 1e-6 relative.
            Assert.Equal(mean, statistics.Mean[k], 3);
            Assert.Equal(variance, statistics.Variance[k], 3);
        }

        float[] observation = [(float)statistics.Mean[0], 1000f];
        statistics.Normalize(observation);
        Assert.Equal(0f, observation[0], 4);
        Assert.Equal(RunningMeanStd.Clip, observation[1]);
    }

    [Theory]
    [InlineData(4, 6)]
    [InlineData(6, 4)]
    [InlineData(64, 64)]
    public void OrthogonalInitialize_AnyShape_GivesOrthogonalRowsOrColumnsScaledByTheGain(int outputs, int inputs)
    {
        var layer = new Linear("0", inputs, outputs);
        const float gain = 1.5f;

        OrthogonalInitializer.Initialize(layer, gain, new Random(8));

        var w = layer.Weight.Value;
        var (count, length) = outputs <= inputs ? (outputs, inputs) : (inputs, outputs);
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++)
            {
                var dot = 0.0;
                for (var k = 0; k < length; k++)
                {
                    dot += outputs <= inputs ? w[i * inputs + k] * w[j * inputs + k] : w[k * inputs + i] * w[k * inputs + j];
                }

                Assert.Equal(i == j ? gain * gain : 0.0, dot, 4);
            }
        }

        Assert.All(layer.Bias.Value, b => Assert.Equal(0f, b));
    }

    private static double[] TorchAdam(float[] start, float[][] gradients, double lr, double beta1, double beta2, double eps)
    {
        var theta = start.Select(v => (double)v).ToArray();
        var m = new double[theta.Length];
        var v = new double[theta.Length];
        for (var t = 1; t <= gradients.Length; t++)
        {
            for (var i = 0; i < theta.Length; i++)
            {
                var g = gradients[t - 1][i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                var denominator = Math.Sqrt(v[i]) / Math.Sqrt(1 - Math.Pow(beta2, t)) + eps;
                theta[i] -= lr / (1 - Math.Pow(beta1, t)) * m[i] / denominator;
            }
        }

        return theta;
    }
}
