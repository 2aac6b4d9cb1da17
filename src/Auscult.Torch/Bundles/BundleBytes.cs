namespace Auscult.Torch.Bundles;

/// <summary>
/// Reads a whole bundle from a stream into memory, refusing more than <see cref="BundleLimits.MaxFileBytes"/>: a zip is
/// read from its end (the central directory), so a stream that cannot seek must be buffered, and the bytes are hashed
/// for the bundle's identity anyway. A seekable stream that admits to being too long is refused before any read.
/// </summary>
internal static class BundleBytes
{
    private const int ChunkBytes = 81_920;

    /// <summary>Every remaining byte of <paramref name="source"/>.</summary>
    /// <exception cref="ModelException">More than <see cref="BundleLimits.MaxFileBytes"/> bytes.</exception>
    public static byte[] Read(Stream source, string shown)
    {
        var buffer = Start(source, shown);
        var chunk = new byte[ChunkBytes];
        int n;
        while ((n = source.Read(chunk)) > 0)
        {
            Append(buffer, chunk.AsSpan(0, n), shown);
        }

        return buffer.ToArray();
    }

    /// <summary>As <see cref="Read"/>, asynchronously.</summary>
    public static async Task<byte[]> ReadAsync(Stream source, string shown, CancellationToken cancellationToken)
    {
        var buffer = Start(source, shown);
        var chunk = new byte[ChunkBytes];
        int n;
        while ((n = await source.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            Append(buffer, chunk.AsSpan(0, n), shown);
        }

        return buffer.ToArray();
    }

    private static MemoryStream Start(Stream source, string shown)
    {
        if (!source.CanRead)
        {
            throw new NotSupportedException("The stream cannot be read.");
        }

        long known = source.CanSeek ? source.Length - source.Position : -1;
        if (known > BundleLimits.MaxFileBytes)
        {
            throw TooLarge(shown, $"is {known:N0} bytes");
        }

        return new MemoryStream(known >= 0 ? (int)known : ChunkBytes);
    }

    private static void Append(MemoryStream buffer, ReadOnlySpan<byte> data, string shown)
    {
        if (buffer.Length + data.Length > BundleLimits.MaxFileBytes)
        {
            throw TooLarge(shown, $"is more than {BundleLimits.MaxFileBytes:N0} bytes");
        }

        buffer.Write(data);
    }

    private static ModelException TooLarge(string shown, string size) =>
        new($"Model bundle '{shown}' {size}; bundles are at most {BundleLimits.MaxFileBytes:N0}.");
}
