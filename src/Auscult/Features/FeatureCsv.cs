using System.Globalization;

namespace Auscult.Features;

/// <summary>Writes a feature matrix as CSV: one line per row, values in round-trip invariant notation, no header.</summary>
public static class FeatureCsv
{
    public static void Write(string path, FeatureMatrix matrix) => AtomicFile.WriteText(path, writer => Write(writer, matrix));

    public static void Write(TextWriter writer, FeatureMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(matrix);
        Span<char> buffer = stackalloc char[32];
        for (int r = 0; r < matrix.Rows; r++)
        {
            Span<float> row = matrix.Row(r);
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
