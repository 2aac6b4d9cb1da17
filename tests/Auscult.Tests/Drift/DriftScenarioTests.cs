using Auscult.Audio;
using Auscult.Data.Scenarios;
using Auscult.Drift;
using Auscult.Features;

namespace Auscult.Tests.Drift;

/// <summary>
/// Scripted scenarios through the drift monitor: short clips (0.5 s) of one machine, a reference from a separate steady
/// day, and a stand-in score (the clip's mean absolute band shift from the reference) where the service would use the
/// model's. The cause must come from the band shape and the input checks, so the stand-in is enough to check it.
/// </summary>
public sealed class DriftScenarioTests
{
    private static readonly Lazy<DriftReference> Reference = new(() => BuildReference(channels: 1));
    private static readonly Lazy<DriftReference> ArrayReference = new(() => BuildReference(channels: 8));
    private static readonly ClipFeatureExtractor Extractor = new(FeatureOptions.Mimii);

    private static ScenarioOptions Options(DriftScenario scenario, ulong seed = 7) => new()
    {
        Scenario = scenario,
        Days = 2,
        EventDay = 1,
        Machines = 1,
        ClipDuration = TimeSpan.FromSeconds(0.5),
        Seed = seed,
    };

    private static DriftReference BuildReference(int channels)
    {
        var clips = Observe(Options(DriftScenario.Steady, seed: 99) with { Days = 1, EventDay = 0, Channels = channels }, reference: null);
        var accumulator = new BandStatisticsAccumulator(clips[0].LogMel!.Columns);
        foreach (var clip in clips)
        {
            accumulator.Add(clip.LogMel!);
        }

        BandStatistics bands = accumulator.ToStatistics();
        double[] scores = [.. clips.Select(c => StandInScore(c.LogMel!, bands))];
        ScoreDistribution distribution = ScoreDistribution.FromScores(scores);
        double threshold = distribution.Quantiles.Single(q => q.Probability == 0.9).Value;
        return new DriftReference(bands, distribution, threshold);
    }

    private static double StandInScore(FeatureMatrix logMel, BandStatistics bands)
    {
        double sum = 0;
        for (int b = 0; b < logMel.Columns; b++)
        {
            double mean = 0;
            for (int r = 0; r < logMel.Rows; r++)
            {
                mean += logMel[r, b];
            }

            sum += Math.Abs((mean / logMel.Rows) - bands.Bands[b].Mean);
        }

        return sum / logMel.Columns;
    }

    private static List<(DateTimeOffset At, FeatureMatrix? LogMel, DriftObservation? Observation)> Observe(ScenarioOptions options, DriftReference? reference)
    {
        var generator = new ScenarioGenerator();
        IReadOnlyList<ScenarioClip> plan = ScenarioGenerator.Plan(options);
        var result = new (DateTimeOffset, FeatureMatrix?, DriftObservation?)[plan.Count];
        Parallel.For(0, plan.Count, i =>
        {
            AudioClip clip = generator.Render(plan[i]);
            var health = Auscult.Health.InputHealthAnalyzer.Analyze(clip);
            FeatureMatrix logMel = Extractor.LogMel(clip);
            DriftObservation? observation = reference is null
                ? null
                : reference.Observe(plan[i].RecordedAt, logMel, health.IsFit ? StandInScore(logMel, reference.Bands) : null, health);
            result[i] = (plan[i].RecordedAt, logMel, observation);
        });
        return [.. result];
    }

    private static (MachineDrift Drift, int EventIndex) Run(DriftScenario scenario)
    {
        var options = Options(scenario);
        // A model for the array is trained on the array's clips.
        DriftReference reference = scenario == DriftScenario.DeadChannel ? ArrayReference.Value : Reference.Value;
        var observations = Observe(options, reference);
        var monitor = new DriftMonitor("m01", reference);
        foreach (var o in observations)
        {
            monitor.Add(o.Observation!);
        }

        DateTimeOffset start = options.Start + TimeSpan.FromDays(options.ResolvedEventDay);
        return (monitor.ToResult(), observations.FindIndex(o => o.At >= start));
    }

    [Fact]
    public void Steady_RaisesNoAlert()
    {
        var (drift, _) = Run(DriftScenario.Steady);

        Assert.Empty(drift.Alerts);
        Assert.All(drift.Windows, w => Assert.Equal(DriftCause.None, w.Cause));
    }

    [Fact]
    public void MicGainDrop_IsEnvironment_WithinTwelveClips()
    {
        var (drift, eventIndex) = Run(DriftScenario.MicGainDrop);

        DriftAlert alert = Assert.Single(drift.Alerts);
        Assert.Equal(DriftCause.Environment, alert.Cause);
        Assert.InRange(alert.ClipIndex - eventIndex, 0, 12);
    }

    [Fact]
    public void MicFouled_IsEnvironment()
    {
        var (drift, eventIndex) = Run(DriftScenario.MicFouled);

        Assert.NotEmpty(drift.Alerts);
        Assert.All(drift.Alerts, a => Assert.True(a.ClipIndex >= eventIndex));
        Assert.Equal(DriftCause.Environment, drift.Alerts[0].Cause);
    }

    [Fact]
    public void DeadChannel_IsInput()
    {
        var (drift, eventIndex) = Run(DriftScenario.DeadChannel);

        DriftAlert alert = Assert.Single(drift.Alerts);
        Assert.Equal(DriftCause.Input, alert.Cause);
        Assert.True(alert.ClipIndex >= eventIndex);
    }

    [Fact]
    public void OfflineGap_RaisesNoAlert()
    {
        var (drift, _) = Run(DriftScenario.OfflineGap);

        Assert.Empty(drift.Alerts);
    }
}
