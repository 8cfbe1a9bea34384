namespace EnvServer.Environments.Tests.Sepsis;

/// <summary>Statistical checks that sampled counts agree with exact probabilities.</summary>
internal static class SamplerAgreement
{
    /// <summary>Standard normal quantile of the one-sided significance 1e-6 used by the chi-square test.</summary>
    private const double Z = 4.753;

    /// <summary>Every count within 6 standard deviations (+3) of n·p, and nothing sampled where p = 0.</summary>
    public static void AssertWithinBounds(double[] expected, int[] counts, int samples, string what)
    {
        for (var j = 0; j < expected.Length; j++)
        {
            var mean = samples * expected[j];
            if (expected[j] == 0)
            {
                Assert.True(counts[j] == 0, $"{what}: successor {j} sampled {counts[j]} times but has kernel probability 0");
                continue;
            }

            var bound = 6 * Math.Sqrt(mean * Math.Max(0, 1 - expected[j])) + 3;
            Assert.True(Math.Abs(counts[j] - mean) <= bound, $"{what}: successor {j} sampled {counts[j]} times, expected {mean:F1} ± {bound:F1}");
        }
    }

    /// <summary>
    /// Pearson's chi-square over the successors with positive probability (those with n·p &lt; 5 pooled into one
    /// cell), against the Wilson–Hilferty critical value at significance 1e-6; nothing sampled where p = 0.
    /// </summary>
    public static void AssertMatches(double[] expected, int[] counts, int samples, string what)
    {
        var chi = 0.0;
        var cells = 0;
        double pooledExpected = 0, pooledCount = 0;
        for (var j = 0; j < expected.Length; j++)
        {
            if (expected[j] == 0)
            {
                Assert.True(counts[j] == 0, $"{what}: successor {j} sampled {counts[j]} times but has probability 0");
                continue;
            }

            var mean = samples * expected[j];
            if (mean < 5)
            {
                pooledExpected += mean;
                pooledCount += counts[j];
                continue;
            }

            chi += (counts[j] - mean) * (counts[j] - mean) / mean;
            cells++;
        }

        if (pooledExpected > 0)
        {
            chi += (pooledCount - pooledExpected) * (pooledCount - pooledExpected) / pooledExpected;
            cells++;
        }

        var df = Math.Max(1, cells - 1);
        var h = 2.0 / (9.0 * df);
        var critical = df * Math.Pow(1 - h + Z * Math.Sqrt(h), 3);
        Assert.True(chi <= critical, $"{what}: chi-square {chi:F1} over {df} degrees of freedom exceeds {critical:F1}");
    }
}
