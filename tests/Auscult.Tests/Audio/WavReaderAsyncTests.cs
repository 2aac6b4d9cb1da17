using Auscult.Audio;

namespace Auscult.Tests.Audio;

public class WavReaderAsyncTests
{
    /// <summary>A request body: not seekable, delivers a few bytes per read, and refuses synchronous reads as Kestrel does.</summary>
    private sealed class AsyncOnlyStream(byte[] bytes, int seed) : Stream
    {
        private readonly Random _random = new(seed);
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous reads are not allowed.");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            int n = Math.Min(Math.Min(buffer.Length, bytes.Length - _position), 1 + _random.Next(9000));
            bytes.AsSpan(_position, n).CopyTo(buffer.Span);
            _position += n;
            return n;
        }

        public override void Flush() => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static byte[] Clip(int frames, int channels, bool dataFirst = false)
    {
        var values = new short[frames * channels];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (short)((i * 7919) % 65536 - 32768);
        }

        byte[] fmt = WavBytes.Fmt(1, channels, 16000, 16), data = WavBytes.DataChunk(WavBytes.Int16(values));
        return dataFirst ? WavBytes.Riff(data, fmt) : WavBytes.Riff(fmt, data);
    }

    [Theory]
    [InlineData(160_000, 1, false)]
    [InlineData(20_000, 8, false)]
    [InlineData(3_000, 2, true)] // fmt after data: the whole body is needed before decoding
    public async Task ReadAsync_OfANonSeekableAsyncOnlyStream_DecodesAsFromMemory(int frames, int channels, bool dataFirst)
    {
        byte[] bytes = Clip(frames, channels, dataFirst);

        var clip = await WavReader.ReadAsync(new AsyncOnlyStream(bytes, seed: frames), "upload.wav");

        var expected = WavReader.Read(new MemoryStream(bytes), "upload.wav");
        Assert.Equal(expected.ChannelCount, clip.ChannelCount);
        Assert.Equal(expected.Interleaved.ToArray(), clip.Interleaved.ToArray());
        Assert.Equal("upload.wav", clip.Source);
    }

    [Fact]
    public async Task ReadAsync_PastTheByteLimit_IsRefusedNamingTheSource()
    {
        byte[] bytes = Clip(160_000, 1); // 320 KB

        var e = await Assert.ThrowsAsync<InputException>(() => WavReader.ReadAsync(new AsyncOnlyStream(bytes, 1), "big.wav", maxBytes: 100_000));

        Assert.Contains("big.wav", e.Message);
        Assert.Contains("100000", e.Message);
    }

    [Fact]
    public async Task ReadAsync_OfBytesThatAreNotWav_ThrowsAudioFormatException()
    {
        var e = await Assert.ThrowsAsync<AudioFormatException>(() => WavReader.ReadAsync(new AsyncOnlyStream("not a wav file at all"u8.ToArray(), 1), "junk"));

        Assert.Contains("junk", e.Message);
    }

    [Fact]
    public async Task ReadAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => WavReader.ReadAsync(new MemoryStream(Clip(1000, 1)), null, cancellationToken: cancelled.Token));
    }
}
