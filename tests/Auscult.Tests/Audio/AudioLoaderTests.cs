using Auscult.Audio;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Audio;

public sealed class AudioLoaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly AudioClip Stereo48k = new(
        Enumerable.Range(0, 48000).SelectMany(n => new[] { (float)Math.Sin(2 * Math.PI * 1000 * n / 48000), 0.5f }).ToArray(),
        2, 48000, "stereo.wav");

    [Fact]
    public void LoadChannel_SameRate_ReturnsTheChannelUnchanged()
    {
        var clip = new AudioClip([1f, 2f, 3f, 4f], 2, 16000);
        Assert.Equal([2f, 4f], AudioLoader.LoadChannel(clip, 16000, ChannelSelection.Channel(1), allowResample: false));
    }

    [Fact]
    public void LoadChannel_Mean_AveragesTheChannels()
    {
        var clip = new AudioClip([1f, 2f, 3f, 4f], 2, 16000);
        Assert.Equal([1.5f, 3.5f], AudioLoader.LoadChannel(clip, 16000, ChannelSelection.Mean, allowResample: false));
    }

    [Fact]
    public void LoadChannel_OtherRateWithResamplingOff_NamesBothRates()
    {
        var error = Assert.Throws<AudioFormatException>(() => AudioLoader.LoadChannel(Stereo48k, 16000, ChannelSelection.First, allowResample: false));
        Assert.Equal("stereo.wav", error.Path);
        Assert.Equal("sample rate 48000 Hz differs from the feature rate 16000 Hz; resampling is turned off.", error.Problem);
    }

    [Fact]
    public void LoadChannel_OtherRate_ResamplesTheSelectedChannel()
    {
        float[] samples = AudioLoader.LoadChannel(Stereo48k, 16000, ChannelSelection.First, allowResample: true);
        Assert.Equal(16000, samples.Length);
        float[] expected = Enumerable.Range(0, 16000).Select(n => (float)Math.Sin(2 * Math.PI * 1000 * n / 16000)).ToArray();
        Approx.AssertClose(expected.AsSpan(1000, 14000), samples.AsSpan(1000, 14000), absTol: 1e-4);
    }

    [Fact]
    public void LoadChannel_Path_DecodesSelectsAndResamples()
    {
        string path = _temp.Combine("clip.wav");
        WavWriter.Write(path, Stereo48k, WavSampleFormat.Float32);
        float[] samples = AudioLoader.LoadChannel(path, 16000, ChannelSelection.Channel(1), allowResample: true);
        Assert.Equal(16000, samples.Length);
        Approx.AssertClose(Enumerable.Repeat(0.5f, 14000).ToArray(), samples.AsSpan(1000, 14000), absTol: 1e-5);
    }

    [Theory]
    [InlineData(1, 16000, "0")]      // mono at the feature rate: the pooled path
    [InlineData(1, 16000, "mean")]
    [InlineData(2, 16000, "1")]      // needs a channel picked: the allocating path
    [InlineData(1, 48000, "0")]      // needs resampling: the allocating path
    public void RentChannel_GivesTheSamplesLoadChannelGives(int channels, int rate, string channel)
    {
        var random = new Random(channels + rate);
        var clip = new AudioClip([.. Enumerable.Range(0, 4800 * channels).Select(_ => (float)(random.NextDouble() - 0.5))], channels, rate);
        string path = _temp.Combine($"clip-{channels}-{rate}-{channel}.wav");
        WavWriter.Write(path, clip, WavSampleFormat.Float32);
        var selection = ChannelSelection.Parse(channel);

        float[] expected = AudioLoader.LoadChannel(path, 16000, selection, allowResample: true);
        for (int round = 0; round < 2; round++) // a second round gets a recycled array with the first clip's values in it
        {
            using var rented = AudioLoader.RentChannel(path, 16000, selection, allowResample: true);
            Assert.Equal(expected, rented.Span.ToArray());
        }
    }

    [Fact]
    public void RentChannel_ACorruptFile_NamesIt()
    {
        string path = _temp.Combine("cut.wav");
        WavWriter.Write(path, AudioClip.Mono(new float[1000], 16000));
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..100]);
        var error = Assert.Throws<AudioFormatException>(() => AudioLoader.RentChannel(path, 16000, ChannelSelection.First, true));
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void LoadChannel_MissingChannel_NamesTheFile()
    {
        string path = _temp.Combine("mono.wav");
        WavWriter.Write(path, AudioClip.Mono([0f, 0f], 16000));
        var error = Assert.Throws<AudioFormatException>(() => AudioLoader.LoadChannel(path, 16000, ChannelSelection.Channel(3), true));
        Assert.Equal(path, error.Path);
        Assert.Contains("channel 3 does not exist", error.Problem);
    }

    [Fact]
    public void GetResampler_IsBuiltOncePerRatePairAcrossThreads()
    {
        var plans = new Resampler[16];
        Parallel.For(0, plans.Length, i => plans[i] = AudioLoader.GetResampler(44100, 16000));
        Assert.All(plans, plan => Assert.Same(plans[0], plan));
        Assert.NotSame(plans[0], AudioLoader.GetResampler(48000, 16000));
    }

    [SharedFact]
    public void LoadChannel_MimiiClip_Channel0MatchesLibrosa()
    {
        float[] samples = AudioLoader.LoadChannel(Golden.ClipPath("mimii8ch_fan_abnormal_ch0_first64_samples"), 16000, ChannelSelection.First, allowResample: false);
        Assert.Equal(160_000, samples.Length);
        Approx.AssertClose(Golden.Values("mimii8ch_fan_abnormal_ch0_first64_samples"), samples.AsSpan(0, 64), absTol: 0);
    }
}
