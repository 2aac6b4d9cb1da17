using System.IO.Compression;
using System.Text;
using Auscult.Bundles;

namespace Auscult.Torch.Tests.Fuzzing;

/// <summary>Reads and rewrites the entries of a bundle in memory, and writes TorchSharp weights, to make damaged bundles.</summary>
internal static class BundleZip
{
    /// <summary>The entries of a zip, in order.</summary>
    public static List<(string Name, byte[] Data)> Entries(byte[] bundle)
    {
        using var zip = new ZipArchive(new MemoryStream(bundle), ZipArchiveMode.Read);
        return [.. zip.Entries.Select(e =>
        {
            using var s = e.Open();
            var copy = new MemoryStream();
            s.CopyTo(copy);
            return (e.FullName, copy.ToArray());
        })];
    }

    /// <summary>A fresh zip of <paramref name="entries"/>, with correct sizes and checksums.</summary>
    public static byte[] Zip(IEnumerable<(string Name, byte[] Data)> entries, CompressionLevel level = CompressionLevel.Fastest)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var s = zip.CreateEntry(name, level).Open();
                s.Write(data);
            }
        }

        return output.ToArray();
    }

    /// <summary><paramref name="bundle"/> with one entry's bytes replaced (checksums recomputed).</summary>
    public static byte[] Replace(byte[] bundle, string name, Func<byte[], byte[]> edit, CompressionLevel level = CompressionLevel.Fastest) =>
        Zip(Entries(bundle).Select(e => e.Name == name ? (e.Name, edit(e.Data)) : e), level);

    /// <summary>The tensors of a weights file with their raw element bytes.</summary>
    public static List<(string Name, int Type, long[] Shape, byte[] Data)> Tensors(byte[] weights) =>
        [.. WeightsFile.Parse(weights).Select(t => (t.Name, t.Type, t.Shape, weights.AsSpan(t.Offset, t.Length).ToArray()))];

    /// <summary>A weights file in TorchSharp's format (see <see cref="WeightsFile"/>); shapes and data need not agree.</summary>
    public static byte[] Weights(IEnumerable<(string Name, int Type, long[] Shape, byte[] Data)> tensors)
    {
        var list = tensors.ToList();
        var output = new MemoryStream();
        using var writer = new BinaryWriter(output, Encoding.UTF8);
        Leb128(writer, list.Count);
        foreach (var (name, type, shape, data) in list)
        {
            writer.Write(name); // BinaryWriter's length-prefixed UTF-8, as TorchSharp writes names
            Leb128(writer, type);
            Leb128(writer, shape.Length);
            foreach (long d in shape)
            {
                Leb128(writer, d);
            }

            writer.Write(data);
        }

        writer.Flush();
        return output.ToArray();
    }

    private static void Leb128(BinaryWriter writer, long value)
    {
        ulong v = (ulong)value;
        do
        {
            byte b = (byte)(v & 0x7F);
            v >>= 7;
            writer.Write(v != 0 ? (byte)(b | 0x80) : b);
        }
        while (v != 0);
    }
}
