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
    public void RequireUsable_NonFinite_NamesTheSourceAndTheCount()
    {
        var error = Assert.Throws<AudioFormatException>(() => AudioSamples.RequireUsable([0f, float.NaN, float.NaN, 1f], "pump.wav"));
        Assert.Equal("pump.wav", error.Path);
        Assert.Equal("2 of 4 samples are not finite (NaN or infinity); the recording is corrupt.", error.Problem);
    }

    [Fact]
    public void RequireUsable_SamplesNearFloatMax_AreRefused()
    {
        // Found by fuzzing: 3.4e38 is finite, but its power spectrum overflows to infinite features.
        var error = Assert.Throws<AudioFormatException>(() => AudioSamples.RequireUsable([0.5f, float.MaxValue, -2e6f, 1e6f], "pump.wav"));
        Assert.Equal("2 of 4 samples exceed 1048576 in magnitude (full scale is 1); the recording is corrupt.", error.Problem);
    }

    [Fact]
    public void RequireUsable_LoudButPlausibleSamples_Pass()
    {
        AudioSamples.RequireUsable([32768f, -32768f, 1.5f, 0f], "loud.wav");
        AudioSamples.RequireUsable([], "empty.wav");
    }

    [Fact]
    public void CountBeyond_CountsOnlyFiniteSamplesAboveTheMagnitude()
    {
        Assert.Equal(2, AudioSamples.CountBeyond([3f, -3f, 2f, float.NaN, float.PositiveInfinity, 0f], 2f));
    }

    [Fact]
    public void RequireUsable_NegativeInfinityOrNegativeHugeAlone_AreRefused()
    {
        // Found by fuzzing: TensorPrimitives.MaxMagnitude keeps the sign, so a check on it let -infinity through.
        Assert.Contains("1 of 3 samples are not finite", Assert.Throws<AudioFormatException>(() => AudioSamples.RequireUsable([0f, float.NegativeInfinity, 0.5f], null)).Message);
        Assert.Contains("1 of 2 samples exceed", Assert.Throws<AudioFormatException>(() => AudioSamples.RequireUsable([-3e30f, 0.5f], null)).Message);
        Assert.Equal(1, AudioSamples.CountBeyond([-3f, 1f], 2f));
    }
}
