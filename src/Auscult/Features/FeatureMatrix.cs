namespace Auscult.Features;

/// <summary>A dense row-major float32 matrix: one row per frame or context vector, one column per feature.</summary>
public sealed class FeatureMatrix
{
    public FeatureMatrix(int rows, int columns)
        : this(new float[checked(rows * columns)], rows, columns)
    {
    }

    public FeatureMatrix(float[] data, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (data.Length != (long)rows * columns)
        {
            throw new ArgumentException($"{data.Length} values do not make a {rows} x {columns} matrix.", nameof(data));
        }

        Data = data;
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>All values, row after row.</summary>
    public float[] Data { get; }

    public Span<float> Row(int row) => Data.AsSpan(row * Columns, Columns);

    public float this[int row, int column]
    {
        get => Data[(row * Columns) + column];
        set => Data[(row * Columns) + column] = value;
    }

    /// <summary>The transpose as a new matrix (for example to compare with librosa's [n_mels, n_frames] layout).</summary>
    public FeatureMatrix Transpose()
    {
        var result = new FeatureMatrix(Columns, Rows);
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                result.Data[(c * Rows) + r] = Data[(r * Columns) + c];
            }
        }

        return result;
    }
}
