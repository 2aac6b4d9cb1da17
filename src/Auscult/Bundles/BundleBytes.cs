namespace Auscult.Bundles;

/// <summary>
/// Reads a whole bundle from a stream into memory, refusing more than <see cref="BundleLimits.MaxFileBytes"/>: a zip is
/// read from its end (the central directory), so a stream that cannot seek must be buffered, and the bytes are hashed
/// for the bundle's identity anyway. A seekable stream that admits to being too long is refused before any read.
/// </summary>
/// <remarks>
/// A stream of unknown length is read in blocks of <see cref="BlockBytes"/> kept in a list (no doubling buffer), so
/// reading holds at most the limit plus one block, and a refused stream never more.
/// </remarks>
internal static class BundleBytes
{
    /// <summary>The read size and the block a stream of unknown length is kept in: 1 MiB.</summary>
    private const int BlockBytes = 1 << 20;

    /// <summary>Every remaining byte of <paramref name="source"/>.</summary>
    /// <exception cref="ModelException">More than <see cref="BundleLimits.MaxFileBytes"/> bytes.</exception>
    public static byte[] Read(Stream source, string shown)
    {
        var blocks = new Blocks(Known(source, shown), shown);
        while (true)
        {
            var free = blocks.Free();
            int n = source.Read(free.Span);
            if (n == 0)
            {
                return blocks.ToArray();
            }

            blocks.Advance(n);
        }
    }

    /// <summary>As <see cref="Read"/>, asynchronously.</summary>
    public static async Task<byte[]> ReadAsync(Stream source, string shown, CancellationToken cancellationToken)
    {
        var blocks = new Blocks(Known(source, shown), shown);
        while (true)
        {
            var free = blocks.Free();
            int n = await source.ReadAsync(free, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return blocks.ToArray();
            }

            blocks.Advance(n);
        }
    }

    /// <summary>The bytes left in a seekable stream (refused when over the limit), or -1.</summary>
    private static long Known(Stream source, string shown)
    {
        if (!source.CanRead)
        {
            throw new NotSupportedException("The stream cannot be read.");
        }

        long known = source.CanSeek ? Math.Max(0, source.Length - source.Position) : -1;
        if (known > BundleLimits.MaxFileBytes)
        {
            throw TooLarge(shown, $"is {known:N0} bytes");
        }

        return known;
    }

    private static ModelException TooLarge(string shown, string size) =>
        new($"Model bundle '{shown}' {size}; bundles are at most {BundleLimits.MaxFileBytes:N0}.");

    /// <summary>Filled blocks plus the one being filled; a known length gets one block of that length (plus one byte, to notice a longer stream).</summary>
    private sealed class Blocks(long known, string shown)
    {
        private readonly List<byte[]> _full = [];
        private byte[] _current = new byte[known >= 0 ? (int)Math.Min(known + 1, BundleLimits.MaxFileBytes + 1) : BlockBytes];
        private int _used;
        private long _total;

        public Memory<byte> Free()
        {
            if (_used == _current.Length)
            {
                _full.Add(_current);
                _current = new byte[BlockBytes];
                _used = 0;
            }

            return _current.AsMemory(_used, (int)Math.Min(_current.Length - _used, BundleLimits.MaxFileBytes + 1 - _total));
        }

        public void Advance(int n)
        {
            _used += n;
            _total += n;
            if (_total > BundleLimits.MaxFileBytes)
            {
                throw TooLarge(shown, $"is more than {BundleLimits.MaxFileBytes:N0} bytes");
            }
        }

        public byte[] ToArray()
        {
            var result = new byte[_total];
            int at = 0;
            foreach (var block in _full)
            {
                block.CopyTo(result, at);
                at += block.Length;
            }

            _current.AsSpan(0, _used).CopyTo(result.AsSpan(at));
            return result;
        }
    }
}
