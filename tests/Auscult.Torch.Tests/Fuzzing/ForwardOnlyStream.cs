namespace Auscult.Torch.Tests.Fuzzing;

/// <summary>A read-only stream that cannot seek and does not know its length, as a request body arrives.</summary>
internal sealed class ForwardOnlyStream(Stream inner, int maxChunk = 4096) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Synchronous reads made (a web server forbids them; async loading must make none).</summary>
    public int SynchronousReads { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        SynchronousReads++;
        return inner.Read(buffer, offset, Math.Min(count, maxChunk));
    }

    public override int Read(Span<byte> buffer)
    {
        SynchronousReads++;
        return inner.Read(buffer[..Math.Min(buffer.Length, maxChunk)]);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer[..Math.Min(buffer.Length, maxChunk)], cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
