namespace EnvServer.Training.Tests.NeuralNetworks;

/// <summary>Central finite differences against an analytic gradient, element by element.</summary>
internal static class GradientCheck
{
    /// <summary>
    /// For each element of <paramref name="values"/> (perturbed in place and restored), compares
    /// (L(v+h) − L(v−h)) / 2h with <paramref name="analytic"/>. float32 forward passes limit the
    /// agreement to about 1e-3 relative; a wrong formula is off by far more.
    /// </summary>
    public static void Matches(Func<double> loss, float[] values, float[] analytic, string what, float step = 1e-2f, double tolerance = 2e-2)
    {
        Assert.Equal(values.Length, analytic.Length);
        for (var i = 0; i < values.Length; i++)
        {
            var original = values[i];
            values[i] = original + step;
            var plus = loss();
            values[i] = original - step;
            var minus = loss();
            values[i] = original;

            var numeric = (plus - minus) / (2.0 * step);
            var error = Math.Abs(numeric - analytic[i]);
            var scale = Math.Max(1.0, Math.Max(Math.Abs(numeric), Math.Abs(analytic[i])));
            Assert.True(error <= tolerance * scale, $"{what}[{i}]: analytic {analytic[i]}, numeric {numeric}");
        }
    }

    /// <summary>A fixed pseudo-random vector in [-1, 1).</summary>
    public static float[] RandomVector(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}
