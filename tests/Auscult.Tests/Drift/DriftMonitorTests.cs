using Auscult.Drift;
using Auscult.Features;

namespace Auscult.Tests.Drift;

public sealed class DriftMonitorTests
{
    private const int Bands = 16;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private static FeatureMatrix Clip(Random random, double offsetDb = 0)
    {
        var m = new FeatureMatrix(20, Bands);
        for (int r = 0; r < m.Rows; r++)
        {
            for (int b = 0; b < Bands; b++)
            {
                m[r, b] = (float)(-40 - b + offsetDb + (3 * ((random.NextDouble() * 2) - 1)));
            }
        }

        return m;
    }

    private static DriftReference Reference()
    {
        var random = new Random(1);
        var accumulator = new BandStatisticsAccumulator(Bands);
        var scores = new List<double>();
        for (int i = 0; i < 300; i++)
        {
            accumulator.Add(Clip(random));
            scores.Add(random.NextDouble());
        }

        return new DriftReference(accumulator.ToStatistics(), ScoreDistribution.FromScores(scores), threshold: 0.9);
    }

    private static DriftMonitor Feed(DriftReference reference, int clips, Func<int, double> offsetDb)
    {
        var random = new Random(2);
        var monitor = new DriftMonitor("m01", reference);
        for (int i = 0; i < clips; i++)
        {
            monitor.Add(reference.Observe(Start + (TimeSpan.FromMinutes(5) * i), Clip(random, offsetDb(i)), random.NextDouble(), health: null));
        }

        return monitor;
    }

    [Fact]
    public void UnchangedClips_RaiseNothing()
    {
        var monitor = Feed(Reference(), 600, _ => 0);

        Assert.Empty(monitor.Alerts);
        Assert.Equal(DriftCause.None, monitor.Cause);
        Assert.Equal(50, monitor.Windows.Count); // one report an hour over 50 hours
    }

    [Fact]
    public void TwoLoudClips_DoNotRaiseAnAlert()
    {
        var monitor = Feed(Reference(), 600, i => i is 400 or 401 ? -20 : 0);

        Assert.Empty(monitor.Alerts);
    }

    [Fact]
    public void ASustainedLevelStep_RaisesOneEnvironmentAlertWithinTheHour()
    {
        var monitor = Feed(Reference(), 600, i => i >= 400 ? -12 : 0);

        DriftAlert alert = Assert.Single(monitor.Alerts);
        Assert.Equal(DriftCause.Environment, alert.Cause);
        Assert.InRange(alert.ClipIndex, 400, 411);
        Assert.Contains("microphone", monitor.Windows[^1].Recommendation, StringComparison.Ordinal);
    }

    [Fact]
    public void ClipsOutOfOrder_AreRefused()
    {
        var reference = Reference();
        var monitor = new DriftMonitor("m01", reference);
        var random = new Random(3);
        monitor.Add(reference.Observe(Start, Clip(random), 0.5, null));

        Assert.Throws<ArgumentException>(() => monitor.Add(reference.Observe(Start - TimeSpan.FromMinutes(5), Clip(random), 0.5, null)));
    }

    [Fact]
    public void ExpectedAnomalyRate_IsReadFromTheTrainingScores()
    {
        // Uniform scores on [0, 1]: a threshold at 0.9 flags about a tenth of them.
        Assert.Equal(0.1, Reference().ExpectedAnomalyRate, 0.03);
    }

    [Fact]
    public void ExpectedAnomalyRate_WithNoReferenceClipAboveTheThreshold_IsHalfAClipNotZero()
    {
        // 100 held-out clips, all below the threshold: the expected rate is (0 + 0.5) / 101, not the floor of 0.1%.
        var scores = Enumerable.Range(0, 100).Select(i => i / 200.0).ToList();
        var reference = new DriftReference(Reference().Bands, new ReferenceScores(ReferenceScoreSource.HeldOutClips, ScoreDistribution.FromScores(scores)), threshold: 0.9);

        Assert.Equal(0.5 / 101, reference.ExpectedAnomalyRate, 1e-9);
        Assert.Equal(100, reference.ReferenceClipCount);
        Assert.Equal(ReferenceScoreSource.HeldOutClips, reference.ScoreSource);
    }

    [Fact]
    public void AThinReference_WidensTheScoreLimits_InsteadOfRaisingFalseAlerts()
    {
        // 20 reference clips: a window of the same distribution sits at a KS distance of 0.2-0.3 from so few by chance alone.
        var random = new Random(4);
        var full = Reference();
        var scores = Enumerable.Range(0, 20).Select(_ => random.NextDouble()).ToList();
        var thin = new DriftReference(full.Bands, ScoreDistribution.FromScores(scores), threshold: 0.9);

        var monitor = Feed(thin, 600, _ => 0);

        DriftStatistics last = monitor.Windows[^1].Evidence;
        Assert.Equal(1.95 * Math.Sqrt((last.ScoredClips + 20.0) / (last.ScoredClips * 20.0)), last.ScoreKsLimit, 1e-9);
        Assert.True(last.ScoreKsLimit > 0.4, $"KS limit {last.ScoreKsLimit}");
        Assert.Empty(monitor.Alerts);
    }
}
