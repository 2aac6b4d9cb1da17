using System.IO.Compression;

namespace Auscult.Bundles;

/// <summary>
/// The raw entries of a bundle file, read with every zip-level check done: file size, entry count, declared and actual
/// decompressed sizes, and each entry's CRC-32 (the framework's reader does not verify it, so one flipped byte in the
/// weights would load silently).
/// </summary>
internal sealed class BundleArchive
{
    /// <summary>The manifest's entry name.</summary>
    public const string ManifestEntry = "manifest.json";

    /// <summary>The weights' entry name.</summary>
    public const string WeightsEntry = "weights.bin";

    private BundleArchive(IReadOnlyDictionary<string, byte[]> entries) => Entries = entries;

    /// <summary>The decompressed, checksum-verified bytes of the entries this version reads (manifest and weights), by name.</summary>
    public IReadOnlyDictionary<string, byte[]> Entries { get; }

    /// <summary>Reads and checks every entry of a bundle's bytes (at most <see cref="BundleLimits.MaxFileBytes"/>, see <see cref="BundleBytes"/>).</summary>
    /// <param name="bundle">The whole bundle.</param>
    /// <param name="shown">The bundle's name as messages show it (already made safe).</param>
    /// <exception cref="ModelException">Any limit is exceeded or any entry is damaged.</exception>
    /// <exception cref="InvalidDataException">The zip structure itself is damaged (the caller names the file).</exception>
    public static BundleArchive Read(byte[] bundle, string shown)
    {
        if (bundle.LongLength > BundleLimits.MaxFileBytes)
        {
            throw new ModelException($"Model bundle '{shown}' is {bundle.LongLength:N0} bytes; bundles are at most {BundleLimits.MaxFileBytes:N0}.");
        }

        using var zip = new ZipArchive(new MemoryStream(bundle, writable: false), ZipArchiveMode.Read);
        if (zip.Entries.Count > BundleLimits.MaxEntries)
        {
            throw new ModelException($"Model bundle '{shown}' has {zip.Entries.Count:N0} entries; a bundle has at most {BundleLimits.MaxEntries}.");
        }

        // Declared sizes first, all of them, so that nothing is decompressed from a bundle that admits to being too big.
        long declared = zip.Entries.Sum(e => Math.Max(0, e.Length));
        if (declared > BundleLimits.MaxTotalBytes)
        {
            throw new ModelException($"Model bundle '{shown}' declares {declared:N0} decompressed bytes; at most {BundleLimits.MaxTotalBytes:N0} are read.");
        }

        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            string name = BundleText.Safe(entry.FullName);
            if (!names.Add(entry.FullName))
            {
                // Two entries of one name: which one a reader takes is up to the reader, so neither is trusted.
                throw new ModelException($"Model bundle '{shown}' has two entries named '{name}'.");
            }

            // Entries this version does not read are verified too (a damaged file is damaged), but not kept.
            bool keep = entry.FullName is ManifestEntry or WeightsEntry;
            byte[] data = ReadEntry(entry, shown, name, keep);
            if (keep)
            {
                entries.Add(entry.FullName, data);
            }
        }

        return new BundleArchive(entries);
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, string shown, string name, bool keep)
    {
        int limit = entry.FullName == ManifestEntry ? BundleLimits.MaxManifestBytes : BundleLimits.MaxWeightsBytes;
        if (entry.Length > limit || entry.Length < 0)
        {
            throw new ModelException($"Model bundle '{shown}' declares {entry.Length:N0} bytes for '{name}'; at most {limit:N0} are read.");
        }

        // The declared size may lie: read at most one byte past it, so a deflate bomb stops there. An entry that is
        // not kept goes through a small buffer, reused.
        int length = (int)entry.Length;
        var data = new byte[keep ? length : Math.Min(length, 64 * 1024)];
        int read = 0;
        uint crc = 0;
        using (var stream = entry.Open())
        {
            while (read < length)
            {
                int offset = keep ? read : 0;
                int n = stream.Read(data, offset, Math.Min(length - read, data.Length - offset));
                if (n == 0)
                {
                    break;
                }

                crc = Crc32.Append(crc, data.AsSpan(offset, n));
                read += n;
            }

            if (read < length)
            {
                throw new ModelException($"Model bundle '{shown}' is damaged: '{name}' holds {read:N0} bytes, its header says {entry.Length:N0}.");
            }

            if (stream.ReadByte() >= 0)
            {
                throw new ModelException($"Model bundle '{shown}' is damaged: '{name}' holds more than the {entry.Length:N0} bytes its header says.");
            }
        }

        if (crc != entry.Crc32)
        {
            throw new ModelException($"Model bundle '{shown}' is damaged: the checksum of '{name}' does not match (CRC-32 {crc:x8}, expected {entry.Crc32:x8}).");
        }

        return data;
    }
}
