using System.Buffers.Binary;
using System.Text;

namespace Auscult.Bundles;

/// <summary>
/// A managed reader of TorchSharp's state-dict format (<c>weights.bin</c>), used to check the weights before any model
/// is built: a LEB128 tensor count, then per tensor a length-prefixed UTF-8 name, a LEB128 element type, a LEB128
/// rank, LEB128 dimensions and the raw little-endian elements. TorchSharp's own reader trusts the file (a damaged one
/// throws whatever it meets), so every length here is bounded before it is used.
/// </summary>
internal static class WeightsFile
{
    /// <summary>TorchSharp's <c>ScalarType</c> code for 64-bit integers (batch-norm step counters).</summary>
    public const int Int64Type = 4;

    /// <summary>TorchSharp's <c>ScalarType</c> code for 32-bit floats (every weight and statistic).</summary>
    public const int Float32Type = 6;

    private const int MaxRank = 8;

    /// <summary>One tensor of the file: where its elements are and what they are.</summary>
    public sealed record Tensor(string Name, int Type, long[] Shape, int Offset, int Length)
    {
        /// <summary>The shape as PyTorch prints it, e.g. <c>[16, 24]</c>.</summary>
        public string ShapeText => $"[{string.Join(", ", Shape)}]";
    }

    /// <summary>Parses <paramref name="data"/>; every tensor must be of a known type and the file must end after the last.</summary>
    /// <exception cref="FormatException">The file is malformed; the message says where (with any name made safe).</exception>
    public static IReadOnlyList<Tensor> Parse(ReadOnlySpan<byte> data)
    {
        int position = 0;
        long count = ReadLeb128(data, ref position, "the tensor count");
        if (count > BundleLimits.MaxTensorCount)
        {
            throw new FormatException($"it claims {count:N0} tensors; at most {BundleLimits.MaxTensorCount:N0} are read");
        }

        var tensors = new List<Tensor>((int)count);
        for (int t = 0; t < count; t++)
        {
            string where = $"tensor {t + 1}";
            long nameLength = Read7BitLength(data, ref position, where);
            if (nameLength > BundleLimits.MaxTextLength * 4 || nameLength > data.Length - position)
            {
                throw new FormatException($"{where} has a name of {nameLength:N0} bytes");
            }

            string name;
            try
            {
                name = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(data.Slice(position, (int)nameLength));
            }
            catch (DecoderFallbackException)
            {
                throw new FormatException($"{where} has a name that is not UTF-8");
            }

            position += (int)nameLength;
            where = $"tensor '{BundleText.Safe(name)}'";
            long type = ReadLeb128(data, ref position, where);
            int elementSize = type switch
            {
                Float32Type => 4,
                Int64Type => 8,
                _ => throw new FormatException($"{where} has element type {type}; only float32 (6) and int64 (4) are read"),
            };
            long rank = ReadLeb128(data, ref position, where);
            if (rank > MaxRank)
            {
                throw new FormatException($"{where} has rank {rank:N0}");
            }

            var shape = new long[rank];
            long elements = 1;
            for (int d = 0; d < rank; d++)
            {
                shape[d] = ReadLeb128(data, ref position, where);
                // Bounded by the file's size before multiplying, so the product cannot overflow.
                if (shape[d] > data.Length)
                {
                    throw new FormatException($"{where} has dimension {shape[d]:N0}, more than the file's bytes");
                }

                elements *= shape[d];
                if (elements > data.Length)
                {
                    throw new FormatException($"{where} has more elements than the file has bytes");
                }
            }

            long bytes = elements * elementSize;
            if (bytes > data.Length - position)
            {
                throw new FormatException($"{where} needs {bytes:N0} bytes; {data.Length - position:N0} are left");
            }

            tensors.Add(new Tensor(name, (int)type, shape, position, (int)bytes));
            position += (int)bytes;
        }

        if (position != data.Length)
        {
            throw new FormatException($"{data.Length - position:N0} bytes follow the last tensor");
        }

        return tensors;
    }

    /// <summary>
    /// Parses <paramref name="weights"/> and refuses them unless their tensors are exactly <paramref name="expected"/>
    /// (names, element types, shapes) and every float is finite (a NaN weight scores NaN, and NaN compares as "not
    /// anomalous").
    /// </summary>
    /// <exception cref="ModelException">The weights are damaged or do not fit; the message names the bundle and the tensor.</exception>
    public static IReadOnlyList<Tensor> Check(byte[] weights, IReadOnlyList<(string Name, int Type, long[] Shape)> expected, string shown)
    {
        IReadOnlyList<Tensor> tensors;
        try
        {
            tensors = Parse(weights);
        }
        catch (FormatException ex)
        {
            throw new ModelException(BundleText.SafeMessage($"Model bundle '{shown}' has a damaged {BundleArchive.WeightsEntry}: {ex.Message}."), ex);
        }

        var byName = expected.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            string name = BundleText.Safe(tensor.Name);
            if (!byName.TryGetValue(tensor.Name, out var wanted))
            {
                throw new ModelException($"Model bundle '{shown}' does not fit its manifest: {BundleArchive.WeightsEntry} holds a tensor '{name}' the model does not have.");
            }

            if (!seen.Add(tensor.Name))
            {
                throw new ModelException($"Model bundle '{shown}' has a damaged {BundleArchive.WeightsEntry}: tensor '{name}' appears twice.");
            }

            if (tensor.Type != wanted.Type || !tensor.Shape.SequenceEqual(wanted.Shape))
            {
                throw new ModelException(
                    $"Model bundle '{shown}' does not fit its manifest: tensor '{name}' has shape {tensor.ShapeText} (type {tensor.Type}); the manifest's model needs [{string.Join(", ", wanted.Shape)}] (type {wanted.Type}).");
            }
        }

        if (seen.Count != byName.Count)
        {
            string missing = BundleText.Safe(byName.Keys.First(k => !seen.Contains(k)));
            throw new ModelException($"Model bundle '{shown}' does not fit its manifest: {BundleArchive.WeightsEntry} lacks tensor '{missing}' ({byName.Count - seen.Count} missing).");
        }

        if (FirstNonFinite(weights, tensors) is { } nonFinite)
        {
            throw new ModelException($"Model bundle '{shown}' is damaged: tensor '{BundleText.Safe(nonFinite)}' holds NaN or infinite weights.");
        }

        return tensors;
    }

    /// <summary>The name of the first float32 tensor holding a NaN or infinity, or null when all are finite.</summary>
    public static string? FirstNonFinite(ReadOnlySpan<byte> data, IEnumerable<Tensor> tensors)
    {
        foreach (var tensor in tensors.Where(t => t.Type == Float32Type))
        {
            var bytes = data.Slice(tensor.Offset, tensor.Length);
            for (int i = 0; i < bytes.Length; i += 4)
            {
                if (!float.IsFinite(BinaryPrimitives.ReadSingleLittleEndian(bytes[i..])))
                {
                    return tensor.Name;
                }
            }
        }

        return null;
    }

    // TorchSharp's LEB128: 7 bits per byte, low first; at most 9 bytes for a non-negative long.
    private static long ReadLeb128(ReadOnlySpan<byte> data, ref int position, string where)
    {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new FormatException($"the file ends inside {where}");
            }

            byte b = data[position++];
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException($"{where} has an over-long number");
    }

    // BinaryWriter's string length prefix: the same 7-bit scheme, limited to an int.
    private static long Read7BitLength(ReadOnlySpan<byte> data, ref int position, string where)
    {
        long length = ReadLeb128(data, ref position, where);
        return length > int.MaxValue ? throw new FormatException($"{where} has an over-long name") : length;
    }
}
