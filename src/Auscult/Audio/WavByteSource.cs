using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Auscult.Audio;

/// <summary>
/// Random access to the bytes of one WAV file, so the chunk walk can skip large chunks without reading them and the
/// samples can be read in blocks straight into scratch memory.
/// </summary>
internal abstract class WavByteSource : IDisposable
{
    /// <summary>Bytes available from offset 0.</summary>
    public abstract long Length { get; }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; the caller keeps within <see cref="Length"/>.</summary>
    public abstract void ReadExactlyAt(long offset, Span<byte> buffer);

    public virtual void Dispose()
    {
    }

    /// <summary>A file opened for reading; its length is taken once, when opened.</summary>
    public static WavByteSource OpenFile(string path) => new FileSource(path);

    /// <summary>
    /// A stream from its current position. A stream that cannot seek is copied to memory first, because <c>fmt </c>
    /// may follow <c>data</c>.
    /// </summary>
    public static WavByteSource FromStream(Stream stream)
    {
        if (stream.CanSeek)
        {
            return new StreamSource(stream, stream.Position);
        }

        var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new StreamSource(copy, 0);
    }

    /// <summary>
    /// Reads <paramref name="stream"/> to its end asynchronously (a web server forbids synchronous reads) into pooled
    /// segments, each byte copied once: the header walk and the decoder read straight from the segments.
    /// </summary>
    /// <param name="stream">Any readable stream, seekable or not.</param>
    /// <param name="maxBytes">More bytes than this is an error, raised as soon as they arrive (an upload limit).</param>
    /// <param name="name">Names the audio in the error.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InputException">The stream holds more than <paramref name="maxBytes"/> bytes, or its reading failed.</exception>
    public static async Task<WavByteSource> ReadAllAsync(Stream stream, long maxBytes, string? name, CancellationToken cancellationToken)
    {
        var source = new SegmentedSource();
        try
        {
            int segmentSize = FirstSegmentBytes;
            while (true)
            {
                byte[] segment = ArrayPool<byte>.Shared.Rent(segmentSize);
                source.Add(segment);
                int filled = 0;
                while (filled < segment.Length)
                {
                    int read = await stream.ReadAsync(segment.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        source.Complete(filled);
                        return source;
                    }

                    filled += read;
                    if (source.FullLength + filled > maxBytes)
                    {
                        throw new InputException($"{name ?? "audio"}: more than {maxBytes} bytes; the limit is {maxBytes}.");
                    }
                }

                source.Complete(filled);
                segmentSize = Math.Min(segmentSize * 2, MaxSegmentBytes);
            }
        }
        catch (IOException ex)
        {
            source.Dispose();
            throw new InputException($"{name ?? "audio"}: cannot be read: {ex.Message}", ex);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    // Small first (most uploads are one 320 KB clip), doubling to 1 MiB so a long recording needs few segments.
    private const int FirstSegmentBytes = 64 << 10;
    private const int MaxSegmentBytes = 1 << 20;

    private sealed class SegmentedSource : WavByteSource
    {
        private readonly List<(byte[] Bytes, long Start, int Length)> _segments = [];
        private byte[]? _open;
        private long _length;

        public override long Length => _length;

        /// <summary>Bytes in completed segments.</summary>
        public long FullLength => _length;

        public void Add(byte[] segment) => _open = segment;

        public void Complete(int filled)
        {
            _segments.Add((_open!, _length, filled));
            _length += filled;
            _open = null;
        }

        public override void ReadExactlyAt(long offset, Span<byte> buffer)
        {
            // Segments are few (a 10-s clip: 3); a linear search is enough.
            foreach (var (bytes, start, length) in _segments)
            {
                if (buffer.IsEmpty)
                {
                    return;
                }

                if (offset >= start + length)
                {
                    continue;
                }

                int from = (int)(offset - start);
                int count = Math.Min(length - from, buffer.Length);
                bytes.AsSpan(from, count).CopyTo(buffer);
                buffer = buffer[count..];
                offset += count;
            }

            if (!buffer.IsEmpty)
            {
                throw new EndOfStreamException();
            }
        }

        public override void Dispose()
        {
            foreach (var (bytes, _, _) in _segments)
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }

            if (_open is not null)
            {
                ArrayPool<byte>.Shared.Return(_open);
            }

            _segments.Clear();
            _open = null;
        }
    }

    private sealed class FileSource : WavByteSource
    {
        private readonly SafeFileHandle _handle;

        public FileSource(string path)
        {
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            Length = RandomAccess.GetLength(_handle);
        }

        public override long Length { get; }

        public override void ReadExactlyAt(long offset, Span<byte> buffer)
        {
            while (!buffer.IsEmpty)
            {
                int read = RandomAccess.Read(_handle, buffer, offset);
                if (read == 0)
                {
                    // Only when the file shrank after it was opened; the header checks already used Length.
                    throw new EndOfStreamException();
                }

                buffer = buffer[read..];
                offset += read;
            }
        }

        public override void Dispose() => _handle.Dispose();
    }

    private sealed class StreamSource(Stream stream, long start) : WavByteSource
    {
        public override long Length { get; } = stream.Length - start;

        public override void ReadExactlyAt(long offset, Span<byte> buffer)
        {
            stream.Position = start + offset;
            stream.ReadExactly(buffer);
        }
    }
}
