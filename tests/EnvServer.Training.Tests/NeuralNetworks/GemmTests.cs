using EnvServer.Training.NeuralNetworks;

namespace EnvServer.Training.Tests.NeuralNetworks;

public sealed class GemmTests
{
    /// <summary>Widths chosen to hit the 4-vector blocks, single vectors and the scalar tail.</summary>
    [Theory]
    [InlineData(3, 5, 70)]
    [InlineData(64, 64, 64)]
    [InlineData(2, 7, 41)]
    [InlineData(5, 1, 3)]
    public void MultiplyAdd_AnySize_EqualsTheNaiveProductAddedToC(int m, int k, int n)
    {
        var a = GradientCheck.RandomVector(m * k, 1);
        var b = GradientCheck.RandomVector(k * n, 2);
        var c = GradientCheck.RandomVector(m * n, 3);
        var expected = new double[m * n];
        for (var row = 0; row < m; row++)
        {
            for (var column = 0; column < n; column++)
            {
                var sum = (double)c[row * n + column];
                for (var i = 0; i < k; i++) sum += (double)a[row * k + i] * b[i * n + column];
                expected[row * n + column] = sum;
            }
        }

        Gemm.MultiplyAdd(a, b, c, m, k, n);

        // float32 accumulation of k products of magnitude ≤ 1: errors of order k·2⁻²⁴.
        for (var i = 0; i < c.Length; i++) Assert.True(Math.Abs(expected[i] - c[i]) <= 1e-5 * Math.Max(1, k), $"C[{i}]: {c[i]} vs {expected[i]}");
    }

    [Fact]
    public void Transpose_Rectangular_SwapsRowsAndColumns()
    {
        float[] source = [1, 2, 3, 4, 5, 6];
        var destination = new float[6];

        Gemm.Transpose(source, destination, rows: 2, columns: 3);

        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], destination);
    }
}
