using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EnvServer.Training.NeuralNetworks;

/// <summary>
/// C += A·B for small row-major float matrices, the one kernel behind every linear layer. Each row of C
/// is built in blocks of four SIMD vectors held in registers while k runs, so a 64×64 layer costs a few
/// thousand vector multiply-adds instead of thousands of separate dot-product calls.
/// </summary>
internal static class Gemm
{
    /// <param name="a">m × k.</param>
    /// <param name="b">k × n.</param>
    /// <param name="c">m × n, accumulated into.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="k">Columns of A, rows of B.</param>
    /// <param name="n">Columns of B and C.</param>
    public static void MultiplyAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n) throw new ArgumentException("Matrix sizes do not match.");
        var width = Vector<float>.Count;
        ref var b0 = ref MemoryMarshal.GetReference(b);
        for (var row = 0; row < m; row++)
        {
            var aRow = a.Slice(row * k, k);
            var cRow = c.Slice(row * n, n);
            ref var c0 = ref MemoryMarshal.GetReference(cRow);
            var column = 0;
            for (; column + 4 * width <= n; column += 4 * width)
            {
                var s0 = LoadAt(ref c0, column);
                var s1 = LoadAt(ref c0, column + width);
                var s2 = LoadAt(ref c0, column + 2 * width);
                var s3 = LoadAt(ref c0, column + 3 * width);
                for (var i = 0; i < k; i++)
                {
                    var x = new Vector<float>(aRow[i]);
                    var offset = i * n + column;
                    s0 = Vector.FusedMultiplyAdd(x, LoadAt(ref b0, offset), s0);
                    s1 = Vector.FusedMultiplyAdd(x, LoadAt(ref b0, offset + width), s1);
                    s2 = Vector.FusedMultiplyAdd(x, LoadAt(ref b0, offset + 2 * width), s2);
                    s3 = Vector.FusedMultiplyAdd(x, LoadAt(ref b0, offset + 3 * width), s3);
                }

                StoreAt(s0, ref c0, column);
                StoreAt(s1, ref c0, column + width);
                StoreAt(s2, ref c0, column + 2 * width);
                StoreAt(s3, ref c0, column + 3 * width);
            }

            for (; column + width <= n; column += width)
            {
                var s = LoadAt(ref c0, column);
                for (var i = 0; i < k; i++) s = Vector.FusedMultiplyAdd(new Vector<float>(aRow[i]), LoadAt(ref b0, i * n + column), s);
                StoreAt(s, ref c0, column);
            }

            for (; column < n; column++)
            {
                var sum = cRow[column];
                for (var i = 0; i < k; i++) sum = MathF.FusedMultiplyAdd(aRow[i], b[i * n + column], sum);
                cRow[column] = sum;
            }
        }
    }

    /// <summary>Writes the transpose of the rows × columns matrix <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public static void Transpose(ReadOnlySpan<float> source, Span<float> destination, int rows, int columns)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++) destination[c * rows + r] = source[r * columns + c];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> LoadAt(ref float start, int offset) => Vector.LoadUnsafe(ref start, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreAt(Vector<float> value, ref float start, int offset) => value.StoreUnsafe(ref start, (nuint)offset);
}
