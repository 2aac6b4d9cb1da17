using Auscult.Audio;

namespace Auscult.Tests.Audio;

public sealed class AudioSamplesTests
{
    [Fact]
    public void CountNonFinite_CountsNaNAndBothInfinities()
    {
        float[] samples = new float[1000];
        samples[3] = float.NaN;
        samples[500] = float.PositiveInfinity;
        samples[999] = float.NegativeInfinity;
        Assert.Equal(3, AudioSamples.CountNonFinite(samples));
    }

    [Fact]
    public void CountNonFinite_CleanOrEmpty_IsZero()
    {
        Assert.Equal(0, AudioSamples.CountNonFinite([float.MaxValue, -float.MaxValue, float.Epsilon, 0f]));
        Assert.Equal(0, AudioSamples.CountNonFinite([]));
    }

    [Fact]
    public void RequireFinite_NamesTheSourceAndTheCount()
    {
        var error = Assert.Throws<AudioFormatException>(() => AudioSamples.RequireFinite([0f, float.NaN, float.NaN, 1f], "pump.wav"));
        Assert.Equal("pump.wav", error.Path);
        Assert.Equal("2 of 4 samples are not finite (NaN or infinity); the recording is corrupt.", error.Problem);
    }
}
