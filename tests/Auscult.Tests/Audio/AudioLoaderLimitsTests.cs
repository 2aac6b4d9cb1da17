using System.Buffers.Binary;
using Auscult.Audio;
using Auscult.Features;
using Auscult.Tests.TestSupport;
using static Auscult.Tests.Audio.WavBytes;

namespace Auscult.Tests.Audio;

/// <summary>Hostile and corrupt recordings the loader must refuse, naming the file, before they cost memory.</summary>
public sealed class AudioLoaderLimitsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Write(string name, byte[] bytes)
    {
        string path = _temp.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Every way features, training and scoring load a file; each must refuse it with the same error kind.</summary>
    private static void AssertEveryPathRefuses(string path, params string[] fragments)
    {
        var extractor = new ClipFeatureExtractor(FeatureOptions.Dcase2020 with { ContextFrames = 1 });
        Action[] loads =
        [
            () => AudioLoader.LoadChannel(path, 16000, ChannelSelection.First, allowResample: true),
            () => AudioLoader.RentChannel(path, 16000, ChannelSelection.First, allowResample: true).Dispose(),
            () => AudioLoader.LoadChannel(path, 16000, ChannelSelection.Mean, allowResample: true),
            () => extractor.LogMel(path),
            () => extractor.Vectors(path, (_, _, _) => { }),
        ];
        foreach (Action load in loads)
        {
            var error = Assert.Throws<AudioFormatException>(load);
            Assert.Equal(path, error.Path);
            foreach (string fragment in fragments)
            {
                Assert.Contains(fragment, error.Problem);
            }
        }
    }

    // ---- non-finite samples ---------------------------------------------------------------------------------

    [Fact]
    public void Float32WithNaNAndInfinity_IsRefusedWithTheCount()
    {
        float[] samples = new float[4000];
        samples[10] = float.NaN;
        samples[20] = float.PositiveInfinity;
        samples[30] = float.NegativeInfinity;
        string path = Write("nan.wav", Riff(Fmt(IeeeFloat, 1, 16000, 32), DataChunk(Float32(samples))));
        AssertEveryPathRefuses(path, "3 of 4000 samples are not finite");
    }

    [Fact]
    public void Float64BeyondFloatRange_IsRefused()
    {
        // 1e300 is a finite double but rounds to float infinity, which would poison the features all the same.
        double[] samples = new double[4000];
        samples[100] = 1e300;
        string path = Write("huge.wav", Riff(Fmt(IeeeFloat, 1, 16000, 64), DataChunk(Float64(samples))));
        AssertEveryPathRefuses(path, "1 of 4000 samples are not finite");
    }

    [Fact]
    public void Float32NearFloatMax_IsRefused()
    {
        // Found by fuzzing: finite samples of 3.4e38 were accepted and gave infinite features.
        float[] samples = new float[4000];
        samples[100] = float.MaxValue;
        string path = Write("max.wav", Riff(Fmt(IeeeFloat, 1, 16000, 32), DataChunk(Float32(samples))));
        AssertEveryPathRefuses(path, "1 of 4000 samples exceed 1048576 in magnitude");
    }

    [Fact]
    public void NaNInAnotherChannel_IsRefusedToo()
    {
        float[] samples = new float[8 * 4000];
        samples[(100 * 8) + 5] = float.NaN;
        string path = Write("nan-8ch.wav", Riff(FmtExtensible(IeeeFloat, 8, 16000, 32), DataChunk(Float32(samples))));
        AssertEveryPathRefuses(path, "1 of 32000 samples are not finite");
    }

    [Fact]
    public void ClipWithNaN_IsRefusedNamingItsSource()
    {
        float[] samples = new float[4000];
        samples[0] = float.NaN;
        var extractor = new ClipFeatureExtractor(FeatureOptions.Dcase2020 with { ContextFrames = 1 });
        var error = Assert.Throws<AudioFormatException>(() => extractor.LogMel(AudioClip.Mono(samples, 16000, "stream-7")));
        Assert.Equal("stream-7", error.Path);
    }

    // ---- sample rates ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(100)]
    [InlineData(999)]
    [InlineData(768_001)]
    [InlineData(int.MaxValue)]
    public void RateOutsideTheRange_IsRefusedBeforeDecoding(int rate)
    {
        // 8 KB at 2 Hz once took 10.8 s and 656 MB; int.MaxValue escaped without the file's name.
        string path = Write($"rate-{rate}.wav", Riff(Fmt(Pcm, 1, rate, 16), DataChunk(new byte[8192])));
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertEveryPathRefuses(path, $"sample rate {rate} Hz is outside the range Auscult resamples from (1000 to 768000 Hz)");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20);
    }

    [Fact]
    public void EightChannelsAtTwoHertz_IsRefused()
    {
        string path = Write("rate-2-8ch.wav", Riff(FmtExtensible(Pcm, 8, 2, 16), DataChunk(new byte[140_000])));
        AssertEveryPathRefuses(path, "sample rate 2 Hz");
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(768_000)]
    public void RateAtTheEdgesOfTheRange_IsResampled(int rate)
    {
        string path = Write($"edge-{rate}.wav", Riff(Fmt(Pcm, 1, rate, 16), DataChunk(new byte[2 * rate / 10])));
        float[] samples = AudioLoader.LoadChannel(path, 16000, ChannelSelection.First, allowResample: true);
        Assert.Equal(1600, samples.Length);
    }

    [Fact]
    public void RateAtTheFeatureRate_IsNeverRefusedForItsRate()
    {
        string path = Write("low.wav", Riff(Fmt(Pcm, 1, 500, 16), DataChunk(new byte[2000])));
        Assert.Equal(1000, AudioLoader.LoadChannel(path, 500, ChannelSelection.First, allowResample: false).Length);
    }

    [Fact]
    public void OtherRateWithResamplingOff_IsRefusedWithoutNamingAFlag()
    {
        string path = Write("a48.wav", Riff(Fmt(Pcm, 1, 48000, 16), DataChunk(new byte[960])));
        var error = Assert.Throws<AudioFormatException>(() => AudioLoader.RentChannel(path, 16000, ChannelSelection.First, allowResample: false));
        Assert.Equal("sample rate 48000 Hz differs from the feature rate 16000 Hz and resampling is off.", error.Problem);
        Assert.DoesNotContain("--", error.Message);
    }

    // ---- sizes ----------------------------------------------------------------------------------------------

    /// <summary>A header and a sparse data chunk of <paramref name="dataBytes"/>: large on paper, nothing on disk.</summary>
    private string WriteSparse(string name, byte[] fmt, long dataBytes)
    {
        byte[] head = Riff(fmt, Chunk("data", [], declaredSize: checked((uint)dataBytes)));
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(4), uint.MaxValue);
        string path = Write(name, head);
        using var stream = File.OpenWrite(path);
        stream.SetLength(head.Length + dataBytes);
        return path;
    }

    [Fact]
    public void MoreSamplesThanTheLimit_IsRefusedBeforeAllocating()
    {
        // 2^29 8-bit samples: a 512 MiB file (sparse here) that would decode to 2 GiB of float32.
        string path = WriteSparse("long.wav", Fmt(Pcm, 1, 16000, 8), 1L << 29);
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertEveryPathRefuses(path, "536870912 samples) exceed the limit of 268435456 samples per recording");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20);
    }

    [Fact]
    public void ResampledLengthBeyondTheLimit_IsRefusedBeforeAllocating()
    {
        // 2^25 frames at 1 kHz would become 2^29 samples at 16 kHz.
        string path = WriteSparse("upsampled.wav", Fmt(Pcm, 1, 1000, 8), 1L << 25);
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertEveryPathRefuses(path, "resample to 536870912 samples at 16000 Hz, beyond the limit");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20);
    }

    // ---- resampler plans ------------------------------------------------------------------------------------

    [Fact]
    public void ResamplerErrors_NameTheClip()
    {
        // 767,999 to 16,000 Hz reduces to 16000/767999 and needs 77 million taps; the resampler refuses it, knowing no file.
        var clip = AudioClip.Mono(new float[100], 767_999, "odd.wav");
        var error = Assert.Throws<AudioFormatException>(() => AudioLoader.LoadChannel(clip, 16000, ChannelSelection.First, allowResample: true));
        Assert.Equal("odd.wav", error.Path);
        Assert.Contains("filter taps", error.Problem);
    }
}
