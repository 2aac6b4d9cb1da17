using Auscult.Audio;

namespace Auscult.Tests.Audio;

public class AudioClipTests
{
    private static readonly AudioClip Stereo = new([1f, 3f, 2f, 4f, -1f, 1f], channelCount: 2, sampleRate: 8);

    [Fact]
    public void GetChannel_DeinterleavesFrames()
    {
        Assert.Equal([1f, 2f, -1f], Stereo.GetChannel(0));
        Assert.Equal([3f, 4f, 1f], Stereo.GetChannel(1));
    }

    [Fact]
    public void MixDown_IsTheMeanOfChannels() => Assert.Equal([2f, 3f, 0f], Stereo.MixDown());

    [Fact]
    public void Select_Mean_MixesDown() => Assert.Equal(Stereo.MixDown(), Stereo.Select(ChannelSelection.Mean));

    [Fact]
    public void Duration_IsFramesOverRate()
    {
        Assert.Equal(3, Stereo.FrameCount);
        Assert.Equal(TimeSpan.FromSeconds(3.0 / 8), Stereo.Duration);
    }

    [Fact]
    public void GetChannel_OutOfRange_NamesTheSourceAndTheChannelCount()
    {
        var clip = new AudioClip([0f, 0f], 2, 16000, "machine.wav");
        var error = Assert.Throws<AudioFormatException>(() => clip.GetChannel(5));
        Assert.Contains("machine.wav", error.Message);
        Assert.Contains("2 channels", error.Message);
    }

    [Theory]
    [InlineData("mean", -1)]
    [InlineData("MEAN", -1)]
    [InlineData("0", 0)]
    [InlineData("7", 7)]
    public void ChannelSelection_Parse_AcceptsIndexOrMean(string text, int index) =>
        Assert.Equal(index, ChannelSelection.Parse(text).Index);

    [Theory]
    [InlineData("-1")]
    [InlineData("left")]
    [InlineData("")]
    public void ChannelSelection_Parse_RejectsOtherText(string text) =>
        Assert.Throws<InputException>(() => ChannelSelection.Parse(text));

    [Fact]
    public void Slice_CopiesWholeFramesOfEveryChannel_KeepingRateAndSource()
    {
        var clip = new AudioClip([1f, 3f, 2f, 4f, -1f, 1f], channelCount: 2, sampleRate: 8, source: "a.wav");

        AudioClip slice = clip.Slice(1, 2);

        Assert.Equal([2f, 4f, -1f, 1f], slice.Interleaved.ToArray());
        Assert.Equal(2, slice.ChannelCount);
        Assert.Equal(8, slice.SampleRate);
        Assert.Equal("a.wav", slice.Source);
    }

    [Fact]
    public void Slice_OutsideTheClip_OrEmpty_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Stereo.Slice(2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Stereo.Slice(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Stereo.Slice(0, 0));
    }
}
