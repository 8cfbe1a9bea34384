namespace EnvServer.Training.NeuralNetworks;

/// <summary>A row-major float matrix: a batch of vectors, one per row.</summary>
internal sealed class Matrix
{
    public Matrix(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        Rows = rows;
        Columns = columns;
        Data = new float[rows * columns];
    }

    public int Rows { get; }

    public int Columns { get; }

    public float[] Data { get; }

    public float this[int row, int column]
    {
        get => Data[row * Columns + column];
        set => Data[row * Columns + column] = value;
    }

    public Span<float> Row(int row) => Data.AsSpan(row * Columns, Columns);

    public static Matrix FromRows(params float[][] rows)
    {
        var matrix = new Matrix(rows.Length, rows[0].Length);
        for (var r = 0; r < rows.Length; r++) rows[r].CopyTo(matrix.Row(r));
        return matrix;
    }

    /// <summary>This matrix if it has the shape, else a new one: layers reuse their buffers across calls of one batch size.</summary>
    public static Matrix Reuse(Matrix? buffer, int rows, int columns) =>
        buffer is not null && buffer.Rows == rows && buffer.Columns == columns ? buffer : new Matrix(rows, columns);
}
