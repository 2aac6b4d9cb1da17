using Auscult.Agent.Scoring;
using Auscult.Scoring;

namespace Auscult.Agent.Tests.Scoring;

public sealed class NormalAudioSamplerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void KeepAudio_OfNormalClipsEvery5Minutes_KeepsOnePerHourPerMachine()
    {
        var sampler = new NormalAudioSampler(TimeSpan.FromHours(1));
        // Two machines, one clip every 5 minutes for 3 hours: the first clip of each hour of each machine.
        var kept = Enumerable.Range(0, 36)
            .SelectMany(i => new[] { "fan-01", "pump-01" }.Select(m => (Machine: m, At: Start.AddMinutes(5 * i))))
            .Where(c => sampler.KeepAudio(c.Machine, c.At, ScoreVerdict.Normal))
            .ToList();

        Assert.Equal(6, kept.Count);
        Assert.Equal([Start, Start.AddHours(1), Start.AddHours(2)], kept.Where(c => c.Machine == "fan-01").Select(c => c.At));
    }

    [Theory]
    [InlineData(ScoreVerdict.Anomalous)]
    [InlineData(ScoreVerdict.InputUnfit)]
    public void KeepAudio_OfAnomalousAndUnfitClips_IsAlwaysTrue_EvenWithNoNormalSample(ScoreVerdict verdict)
    {
        var sampler = new NormalAudioSampler(null);
        Assert.All(Enumerable.Range(0, 5), i => Assert.True(sampler.KeepAudio("fan-01", Start.AddMinutes(i), verdict)));
        Assert.False(sampler.KeepAudio("fan-01", Start, ScoreVerdict.Normal));
    }

    [Fact]
    public void KeepAudio_AnAnomalyDoesNotUseUpTheHourlyNormalSample()
    {
        var sampler = new NormalAudioSampler(TimeSpan.FromHours(1));
        Assert.True(sampler.KeepAudio("fan-01", Start, ScoreVerdict.Anomalous));
        Assert.True(sampler.KeepAudio("fan-01", Start.AddMinutes(5), ScoreVerdict.Normal));
        Assert.False(sampler.KeepAudio("fan-01", Start.AddMinutes(10), ScoreVerdict.Normal));
    }

    [Fact]
    public void KeepAudio_WhenTheClockGoesBack_StartsTheIntervalAgain()
    {
        var sampler = new NormalAudioSampler(TimeSpan.FromHours(1));
        Assert.True(sampler.KeepAudio("fan-01", Start.AddHours(5), ScoreVerdict.Normal));
        Assert.True(sampler.KeepAudio("fan-01", Start, ScoreVerdict.Normal));
        Assert.False(sampler.KeepAudio("fan-01", Start.AddMinutes(30), ScoreVerdict.Normal));
    }
}
