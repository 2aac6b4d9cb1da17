using System.IO.Compression;

namespace Auscult.Torch.Bundles;

/// <summary>
/// The raw entries of a bundle file, read with every zip-level check done: file size, entry count, declared and actual
/// decompressed sizes, and each entry's CRC-32 (the framework's reader does not verify it, so one flipped byte in the
/// weights would load silently).
/// </summary>
internal sealed class BundleArchive
{
    private BundleArchive(IReadOnlyDictionary<string, byte[]> entries) => Entries = entries;

    /// <summary>Every entry's decompressed, checksum-verified bytes by name.</summary>
    public IReadOnlyDictionary<string, byte[]> Entries { get; }

    /// <summary>Reads and checks every entry of the bundle at <paramref name="path"/>.</summary>
    /// <param name="path">The bundle file.</param>
    /// <param name="shown">The file's name as messages show it (already made safe).</param>
    /// <exception cref="ModelException">Any limit is exceeded or any entry is damaged.</exception>
    /// <exception cref="InvalidDataException">The zip structure itself is damaged (the caller names the file).</exception>
    public static BundleArchive Read(string path, string shown)
    {
        long fileBytes = new FileInfo(path).Length;
        if (fileBytes > BundleLimits.MaxFileBytes)
        {
            throw new ModelException($"Model bundle '{shown}' is {fileBytes:N0} bytes; bundles are at most {BundleLimits.MaxFileBytes:N0}.");
        }

        using var zip = ZipFile.OpenRead(path);
        if (zip.Entries.Count > BundleLimits.MaxEntries)
        {
            throw new ModelException($"Model bundle '{shown}' has {zip.Entries.Count:N0} entries; a bundle has at most {BundleLimits.MaxEntries}.");
        }

        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            string name = BundleText.Safe(entry.FullName);
            if (entries.ContainsKey(entry.FullName))
            {
                // Two entries of one name: which one a reader takes is up to the reader, so neither is trusted.
                throw new ModelException($"Model bundle '{shown}' has two entries named '{name}'.");
            }

            entries.Add(entry.FullName, ReadEntry(entry, shown, name));
        }

        return new BundleArchive(entries);
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, string shown, string name)
    {
        int limit = entry.FullName == "manifest.json" ? BundleLimits.MaxManifestBytes : BundleLimits.MaxWeightsBytes;
        if (entry.Length > limit || entry.Length < 0)
        {
            throw new ModelException($"Model bundle '{shown}' declares {entry.Length:N0} bytes for '{name}'; at most {limit:N0} are read.");
        }

        // The declared size may lie: read at most one byte past it, so a deflate bomb stops there.
        var data = new byte[entry.Length];
        int read = 0;
        using (var stream = entry.Open())
        {
            int n;
            while (read < data.Length && (n = stream.Read(data, read, data.Length - read)) > 0)
            {
                read += n;
            }

            if (read < data.Length)
            {
                throw new ModelException($"Model bundle '{shown}' is damaged: '{name}' holds {read:N0} bytes, its header says {entry.Length:N0}.");
            }

            if (stream.ReadByte() >= 0)
            {
                throw new ModelException($"Model bundle '{shown}' is damaged: '{name}' holds more than the {entry.Length:N0} bytes its header says.");
            }
        }

        uint crc = Crc32.Append(0, data);
        if (crc != entry.Crc32)
        {
            throw new ModelException($"Model bundle '{shown}' is damaged: the checksum of '{name}' does not match (CRC-32 {crc:x8}, expected {entry.Crc32:x8}).");
        }

        return data;
    }
}
