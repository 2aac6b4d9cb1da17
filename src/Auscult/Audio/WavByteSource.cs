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
