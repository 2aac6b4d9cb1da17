using System.Buffers.Binary;
using Auscult.Audio;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Audio;

public sealed class WavWriterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static AudioClip RoundTrip(AudioClip clip, WavSampleFormat format)
    {
        var stream = new MemoryStream();
        WavWriter.Write(stream, clip, format);
        stream.Position = 0;
        return WavReader.Read(stream, "round-trip");
    }

    private static void AssertBitExact(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"Sample {i}: wrote {expected[i]:R}, read {actual[i]:R}.");
            }
        }
    }

    [Fact]
    public void RoundTrip_Float32_IsBitExact()
    {
        var random = new Random(7);
        float[] samples = [.. Enumerable.Range(0, 9000).Select(_ => (float)((random.NextDouble() * 4) - 2)), 1e-30f, -0f, float.MaxValue];
        var clip = new AudioClip(samples, 3, 44100);
        var back = RoundTrip(clip, WavSampleFormat.Float32);
        AssertBitExact(samples, back.Interleaved);
        Assert.Equal((3, 44100), (back.ChannelCount, back.SampleRate));
    }

    [Fact]
    public void RoundTrip_Float64_IsBitExact()
    {
        var random = new Random(8);
        float[] samples = Enumerable.Range(0, 5001).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        AssertBitExact(samples, RoundTrip(AudioClip.Mono(samples, 16000), WavSampleFormat.Float64).Interleaved);
    }

    [Fact]
    public void RoundTrip_Pcm16_IsBitExactForEveryInt16Level()
    {
        float[] samples = Enumerable.Range(short.MinValue, 65536).Select(k => k / 32768f).ToArray();
        AssertBitExact(samples, RoundTrip(AudioClip.Mono(samples, 16000), WavSampleFormat.Pcm16).Interleaved);
    }

    [Fact]
    public void RoundTrip_Pcm24_IsBitExactForInt24Levels()
    {
        var random = new Random(9);
        float[] samples = [-1f, 8388607f / 8388608, .. Enumerable.Range(0, 10_001).Select(_ => random.Next(-8388608, 8388608) / 8388608f)];
        AssertBitExact(samples, RoundTrip(new AudioClip(samples, 1, 48000), WavSampleFormat.Pcm24).Interleaved);
    }

    [Fact]
    public void Write_Pcm16_ClipsOutOfRangeValues()
    {
        var back = RoundTrip(AudioClip.Mono([2f, -2f, 1f, float.NaN], 16000), WavSampleFormat.Pcm16);
        Assert.Equal([32767f / 32768, -1f, 32767f / 32768, 0f], back.Interleaved.ToArray());
    }

    [Fact]
    public void Write_Pcm16_RoundsToTheNearestLevel()
    {
        var back = RoundTrip(AudioClip.Mono([0.4f / 32768, 0.6f / 32768, -1.6f / 32768, 2.5f / 32768], 16000), WavSampleFormat.Pcm16);
        Assert.Equal([0f, 1f / 32768, -2f / 32768, 2f / 32768], back.Interleaved.ToArray()); // 2.5 ties to even
    }

    [Fact]
    public void Write_Pcm24_ClipsOutOfRangeValues()
    {
        var back = RoundTrip(AudioClip.Mono([1.5f, -1.5f], 16000), WavSampleFormat.Pcm24);
        Assert.Equal([8388607f / 8388608, -1f], back.Interleaved.ToArray());
    }

    [Fact]
    public void Write_Pcm16_WritesTheCanonical44ByteHeader()
    {
        var stream = new MemoryStream();
        WavWriter.Write(stream, new AudioClip([0f, 0f, 0f, 0f], 2, 16000), WavSampleFormat.Pcm16);
        byte[] bytes = stream.ToArray();
        Assert.Equal(44 + 8, bytes.Length);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(44u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal("WAVEfmt ", System.Text.Encoding.ASCII.GetString(bytes, 8, 8));
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(20))); // PCM
        Assert.Equal(64000u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28))); // byte rate
        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(32))); // block align
        Assert.Equal("data", System.Text.Encoding.ASCII.GetString(bytes, 36, 4));
        Assert.Equal(8u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)));
    }

    [Fact]
    public void Write_Float32_AddsCbSizeAndFactChunk()
    {
        var stream = new MemoryStream();
        WavWriter.Write(stream, new AudioClip([0.5f, 0.25f, 0f, 1f, 0f, 0f], 3, 8000), WavSampleFormat.Float32);
        byte[] bytes = stream.ToArray();
        Assert.Equal(18u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal("fact", System.Text.Encoding.ASCII.GetString(bytes, 38, 4));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(46))); // frames
        Assert.Equal((uint)bytes.Length - 8, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
    }

    [Fact]
    public void Write_Pcm24OddSampleCount_PadsTheDataChunk()
    {
        var stream = new MemoryStream();
        WavWriter.Write(stream, AudioClip.Mono([0.5f], 16000), WavSampleFormat.Pcm24);
        byte[] bytes = stream.ToArray();
        Assert.Equal(44 + 4, bytes.Length);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)));
        Assert.Equal((uint)bytes.Length - 8, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
    }

    [Fact]
    public void Write_Path_ReplacesTheFileAndLeavesNoPartialFile()
    {
        string path = _temp.Combine("out.wav");
        File.WriteAllText(path, "old");
        WavWriter.Write(path, AudioClip.Mono([0.5f, -0.5f], 16000));
        Assert.Equal([0.5f, -0.5f], WavReader.Read(path).Interleaved.ToArray());
        Assert.Equal(["out.wav"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_MissingFolder_NamesThePath()
    {
        string path = _temp.Combine("no", "such", "folder", "out.wav");
        var error = Assert.Throws<InputException>(() => WavWriter.Write(path, AudioClip.Mono([0f], 16000)));
        Assert.StartsWith(path + ": cannot be written", error.Message);
    }

    [Fact]
    public void Write_ThenReadInfo_ReportsWhatWasWritten()
    {
        string path = _temp.Combine("info.wav");
        WavWriter.Write(path, new AudioClip(new float[2 * 4800], 2, 48000), WavSampleFormat.Float64);
        Assert.Equal(new WavInfo("IEEE float", 3, 64, 2, 48000, 4800), WavReader.ReadInfo(path));
    }
}
