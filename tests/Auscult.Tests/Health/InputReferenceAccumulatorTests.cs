using Auscult.Health;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Health;

public sealed class InputReferenceAccumulatorTests
{
    private static InputHealth Clip(double rmsDbfs, int rate = 16_000, double seconds = 10, int channels = 1) =>
        new(rate, TimeSpan.FromSeconds(seconds), channels, rmsDbfs, rmsDbfs + 10, 0, 0, TimeSpan.Zero, 0, [rmsDbfs], []);

    [Fact]
    public void ToReference_GivesTheLevelsMeanSpreadAndExtremes_TheCommonRateAndTheMedianDuration()
    {
        var accumulator = new InputReferenceAccumulator();
        accumulator.Add(Clip(-30, seconds: 10));
        accumulator.Add(Clip(-34, seconds: 10));
        accumulator.Add(Clip(-32, rate: 48_000, seconds: 2));
        accumulator.Add(Clip(-36, seconds: 11, channels: 8));

        var reference = accumulator.ToReference()!;
        Assert.Equal(16_000, reference.SampleRate);
        Assert.Equal(TimeSpan.FromSeconds(10), reference.Duration);
        Assert.Equal(4, reference.ClipCount);
        Approx.AssertClose(-33, reference.MeanRmsDbfs, 1e-12);
        Approx.AssertClose(Math.Sqrt(5), reference.RmsDbfsStandardDeviation, 1e-12); // numpy std([-30, -34, -32, -36])
        Assert.Equal(-36, reference.MinRmsDbfs);
        Assert.Equal(-30, reference.MaxRmsDbfs);
        Assert.Equal(1, reference.ChannelCount);
    }

    [Fact]
    public void DigitalSilence_CountsAsAClipButNotAsALevel()
    {
        var accumulator = new InputReferenceAccumulator();
        Assert.Null(accumulator.ToReference());
        accumulator.Add(Clip(double.NegativeInfinity));
        Assert.Null(accumulator.ToReference());
        accumulator.Add(Clip(-40));
        var reference = accumulator.ToReference()!;
        Assert.Equal(2, reference.ClipCount);
        Assert.Equal(-40, reference.MeanRmsDbfs);
    }

    [Fact]
    public void ConcurrentAdds_CountEveryClip()
    {
        var accumulator = new InputReferenceAccumulator();
        Parallel.For(0, 1000, i => accumulator.Add(Clip(-30 - (i % 10))));
        var reference = accumulator.ToReference()!;
        Assert.Equal(1000, reference.ClipCount);
        Approx.AssertClose(-34.5, reference.MeanRmsDbfs, 1e-9);
    }
}
