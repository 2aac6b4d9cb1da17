using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Auscult.Features;

/// <summary>Reads and writes feature matrices as NumPy <c>.npy</c> files (format 1.0, little-endian float32, C order).</summary>
/// <remarks><c>numpy.load(path)</c> returns a float32 array of shape (Rows, Columns).</remarks>
public static partial class NpyFile
{
    // 0x93 then "NUMPY"; a u8 string literal would encode U+0093 as two UTF-8 bytes.
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static void Write(string path, FeatureMatrix matrix) => AtomicFile.Write(path, stream => Write(stream, matrix));

    public static void Write(Stream stream, FeatureMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        Write(stream, matrix.Data, matrix.Rows, matrix.Columns);
    }

    /// <summary>Writes row-major <paramref name="values"/> of a rows x columns matrix (for pooled buffers).</summary>
    public static void Write(string path, float[] values, int rows, int columns) =>
        AtomicFile.Write(path, stream => Write(stream, values.AsSpan(0, rows * columns), rows, columns));

    /// <summary>Writes row-major <paramref name="values"/> of a rows x columns matrix.</summary>
    public static void Write(Stream stream, ReadOnlySpan<float> values, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (values.Length != rows * columns)
        {
            throw new ArgumentException($"{values.Length} values do not make a {rows} x {columns} matrix.", nameof(values));
        }

        stream.Write(Header(rows, columns));
        WriteLittleEndian(stream, values);
    }

    /// <summary>
    /// The preamble and header of a rows x columns float32 array: magic, version 1.0, header length, and the dictionary
    /// padded with spaces and ended by '\n' so the data starts on a 64-byte boundary, as numpy writes it.
    /// </summary>
    /// <param name="rows">The row count.</param>
    /// <param name="columns">The column count.</param>
    /// <param name="length">The total length to pad to (a multiple of 64), or 0 for the shortest; a streaming writer
    /// reserves room for any row count and rewrites the header in place when the count is known.</param>
    internal static byte[] Header(long rows, int columns, int length = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        string dictionary = string.Create(CultureInfo.InvariantCulture,
            $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {columns}), }}");
        // Magic (6) + version (2) + header length (2) + dictionary + '\n'.
        int unpadded = 10 + dictionary.Length + 1;
        int total = length == 0 ? unpadded + ((64 - (unpadded % 64)) % 64) : length;
        if (total < unpadded || total % 64 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"The header needs {unpadded} bytes, padded to a multiple of 64.");
        }

        var bytes = new byte[total];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), checked((ushort)(total - 10)));
        int end = 10 + Encoding.ASCII.GetBytes(dictionary, bytes.AsSpan(10));
        bytes.AsSpan(end, total - 1 - end).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>Writes row-major float32 values little-endian, with no header (the rows of a matrix being streamed).</summary>
    internal static void WriteValues(Stream stream, ReadOnlySpan<float> values) => WriteLittleEndian(stream, values);

    /// <summary>Reads a 2-D (or 1-D, as one row) little-endian float32 C-order array.</summary>
    public static FeatureMatrix Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Read(stream, path);
        }
        catch (FileNotFoundException)
        {
            throw new InputException($"{path}: file not found.");
        }
    }

    public static FeatureMatrix Read(Stream stream, string? sourceName = null)
    {
        string name = sourceName ?? "npy stream";
        Span<byte> preamble = stackalloc byte[10];
        if (stream.ReadAtLeast(preamble, 10, throwOnEndOfStream: false) < 10 || !preamble[..6].SequenceEqual(Magic))
        {
            throw new InputException($"{name}: not a .npy file.");
        }

        if (preamble[6] != 1)
        {
            throw new InputException($"{name}: .npy format version {preamble[6]}.{preamble[7]} is not supported (1.0 is).");
        }

        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..]);
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        string header = Encoding.ASCII.GetString(headerBytes);
        if (!header.Contains("'descr': '<f4'", StringComparison.Ordinal) || header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InputException($"{name}: only little-endian float32 arrays in C order are supported (header {header.Trim()}).");
        }

        Match shape = ShapePattern().Match(header);
        if (!shape.Success)
        {
            throw new InputException($"{name}: cannot read the array shape from the header {header.Trim()}.");
        }

        int[] dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        (int rows, int columns) = dims.Length switch
        {
            1 => (1, dims[0]),
            2 => (dims[0], dims[1]),
            _ => throw new InputException($"{name}: a {dims.Length}-dimensional array is not a feature matrix."),
        };

        var data = new float[checked(rows * columns)];
        stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEndianness(data);
        }

        return new FeatureMatrix(data, rows, columns);
    }

    private static void WriteLittleEndian(Stream stream, ReadOnlySpan<float> data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
            return;
        }

        float[] copy = data.ToArray();
        ReverseEndianness(copy);
        stream.Write(MemoryMarshal.AsBytes(copy.AsSpan()));
    }

    private static void ReverseEndianness(float[] data)
    {
        Span<int> bits = MemoryMarshal.Cast<float, int>(data.AsSpan());
        BinaryPrimitives.ReverseEndianness(bits, bits);
    }

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
