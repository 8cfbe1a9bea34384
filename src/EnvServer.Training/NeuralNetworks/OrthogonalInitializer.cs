namespace EnvServer.Training.NeuralNetworks;

/// <summary>
/// Orthogonal initialisation (Saxe et al. 2014) as torch.nn.init.orthogonal_ does it, with CleanRL's
/// gains: √2 for hidden layers, 0.01 for a policy's output, 1 for a value head; biases start at 0.
/// </summary>
internal static class OrthogonalInitializer
{
    public static readonly float HiddenGain = MathF.Sqrt(2f);
    public const float PolicyOutputGain = 0.01f;
    public const float ValueOutputGain = 1f;

    /// <summary>Fills <paramref name="layer"/>'s weight with gain × a random matrix with orthonormal rows (or columns, if taller than wide).</summary>
    public static void Initialize(Linear layer, float gain, Random random)
    {
        var rows = layer.Outputs;
        var columns = layer.Inputs;

        // Orthonormalise the shorter side of a Gaussian matrix by Gram–Schmidt, in double for accuracy.
        var tall = rows > columns;
        var (count, length) = tall ? (columns, rows) : (rows, columns);
        var vectors = new double[count][];
        for (var i = 0; i < count; i++)
        {
            var v = new double[length];
            do
            {
                for (var j = 0; j < length; j++) v[j] = Gaussian(random);
                for (var k = 0; k < i; k++)
                {
                    var projection = Dot(v, vectors[k]);
                    for (var j = 0; j < length; j++) v[j] -= projection * vectors[k][j];
                }
            }
            while (Normalize(v) < 1e-6);

            vectors[i] = v;
        }

        var weight = layer.Weight.Value;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++) weight[r * columns + c] = (float)(gain * (tall ? vectors[c][r] : vectors[r][c]));
        }

        Array.Clear(layer.Bias.Value);
    }

    private static double Normalize(double[] v)
    {
        var norm = Math.Sqrt(Dot(v, v));
        if (norm < 1e-6) return norm;
        for (var j = 0; j < v.Length; j++) v[j] /= norm;
        return norm;
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var j = 0; j < a.Length; j++) sum += a[j] * b[j];
        return sum;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
