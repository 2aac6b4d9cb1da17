using System.Globalization;

namespace Auscult.Features;

/// <summary>Writes a feature matrix as CSV: one line per row, values in round-trip invariant notation, no header.</summary>
public static class FeatureCsv
{
    public static void Write(string path, FeatureMatrix matrix) => AtomicFile.WriteText(path, writer => Write(writer, matrix));

    public static void Write(TextWriter writer, FeatureMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        Write(writer, matrix.Data, matrix.Rows, matrix.Columns);
    }

    /// <summary>Writes row-major <paramref name="values"/> of a rows x columns matrix (for pooled buffers).</summary>
    public static void Write(string path, float[] values, int rows, int columns) =>
        AtomicFile.WriteText(path, writer => Write(writer, values, rows, columns));

    /// <summary>Writes row-major <paramref name="values"/> of a rows x columns matrix.</summary>
    public static void Write(TextWriter writer, float[] values, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(values);
        Span<char> buffer = stackalloc char[32];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = values.AsSpan(r * columns, columns);
            for (int c = 0; c < row.Length; c++)
            {
                if (c > 0)
                {
                    writer.Write(',');
                }

                // "R"-equivalent shortest round-trip formatting; invariant so a comma never appears inside a value.
                row[c].TryFormat(buffer, out int written, default, CultureInfo.InvariantCulture);
                writer.Write(buffer[..written]);
            }

            writer.Write('\n');
        }
    }
}
