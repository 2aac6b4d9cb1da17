using System.Text.Json;
using Auscult.Drift;
using Auscult.Features;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Drift;

public sealed class BandStatisticsAccumulatorTests
{
    // The reference values come from numpy 1.24 on the same float32 data (Debian python3):
    //   x[i, b] = float32(-60 + 10 b + 8 sin(0.37 i + b) + 3 cos(1.3 i (b + 1))), i = 0..299 (3 clips of 100 frames)
    //   a = x.astype(float64); a.mean(0); a.std(0); a.min(0); a.max(0); np.quantile(a[:, b], P)
    private static readonly double[] NumpyMean = [-59.87812141418457, -49.96799732208252, -40.0852787399292, -30.12541653951009];
    private static readonly double[] NumpyStd = [6.020514521274011, 6.067608913922714, 6.050575918407203, 6.018723358381261];
    private static readonly double[] NumpyMin = [-70.71562194824219, -60.9733772277832, -50.97039794921875, -40.937870025634766];
    private static readonly double[] NumpyMax = [-49.00209426879883, -39.029319763183594, -29.079891204833984, -19.0673885345459];

    private static readonly double[][] NumpyQuantiles =
    [
        [-70.6023, -69.6902, -68.2346, -64.8787, -59.2541, -54.6737, -51.7435, -50.8575, -49.2811],
        [-60.8112, -59.0427, -58.245, -55.3732, -50.0619, -44.9071, -42.1086, -40.3088, -39.2207],
        [-50.7249, -49.6257, -48.1487, -45.1886, -40.2428, -34.9262, -31.9122, -30.386, -29.2925],
        [-40.704, -39.6036, -38.3467, -34.9597, -29.9066, -25.061, -21.8485, -20.5875, -19.4632],
    ];

    private static FeatureMatrix Clip(int clip, int frames = 100, int bands = 4)
    {
        var m = new FeatureMatrix(frames, bands);
        for (int t = 0; t < frames; t++)
        {
            int i = (clip * frames) + t;
            for (int b = 0; b < bands; b++)
            {
                m[t, b] = (float)(-60 + (10 * b) + (8 * Math.Sin((0.37 * i) + b)) + (3 * Math.Cos(1.3 * i * (b + 1))));
            }
        }

        return m;
    }

    private static BandStatistics OfThreeClips()
    {
        var accumulator = new BandStatisticsAccumulator(4);
        for (int c = 0; c < 3; c++)
        {
            accumulator.Add(Clip(c));
        }

        return accumulator.ToStatistics();
    }

    [Fact]
    public void MeanStandardDeviationAndExtremes_MatchNumpy()
    {
        var stats = OfThreeClips();
        Assert.Equal(3, stats.ClipCount);
        Assert.Equal(300, stats.FrameCount);
        for (int b = 0; b < 4; b++)
        {
            Approx.AssertClose(NumpyMean[b], stats.Bands[b].Mean, 1e-9);
            Approx.AssertClose(NumpyStd[b], stats.Bands[b].StandardDeviation, 1e-9);
            Assert.Equal(NumpyMin[b], stats.Bands[b].Min);
            Assert.Equal(NumpyMax[b], stats.Bands[b].Max);
        }
    }

    [Fact]
    public void Quantiles_AreWithinOneBinOfNumpy()
    {
        var stats = OfThreeClips();
        Assert.Equal(BandStatistics.DefaultProbabilities, stats.Probabilities);
        Assert.Equal(0.1, stats.HistogramResolution);
        for (int b = 0; b < 4; b++)
        {
            for (int q = 0; q < NumpyQuantiles[b].Length; q++)
            {
                Approx.AssertClose(NumpyQuantiles[b][q], stats.Bands[b].Quantiles[q], BandStatisticsAccumulator.HistogramResolution);
            }
        }
    }

    [Fact]
    public void Quantiles_OfEvenlySpreadValues_AreExactToTheRounding()
    {
        // 1,000 values evenly spaced across -80..-30 dB: numpy's quantile p is -80 + 50 p, and the histogram estimate
        // lands on it (the values fill each bin evenly).
        var accumulator = new BandStatisticsAccumulator(1);
        for (int i = 0; i < 1000; i++)
        {
            accumulator.AddFrame([(float)(-80 + (50.0 * i / 999))]);
        }

        var stats = accumulator.ToStatistics([0, 0.25, 0.5, 0.9, 1]);
        Assert.Equal([-80, -67.5, -55, -35, -30], stats.Bands[0].Quantiles.Select(q => Math.Round(q, 1)));
    }

    [Fact]
    public void Merge_EqualsOnePass()
    {
        var whole = OfThreeClips();
        var first = new BandStatisticsAccumulator(4);
        first.Add(Clip(0));
        var rest = new BandStatisticsAccumulator(4);
        rest.Add(Clip(1));
        rest.Add(Clip(2));
        first.Merge(rest);
        var merged = first.ToStatistics();

        Assert.Equal(whole.ClipCount, merged.ClipCount);
        Assert.Equal(whole.FrameCount, merged.FrameCount);
        for (int b = 0; b < 4; b++)
        {
            Approx.AssertClose(whole.Bands[b].Mean, merged.Bands[b].Mean, 1e-9);
            Approx.AssertClose(whole.Bands[b].StandardDeviation, merged.Bands[b].StandardDeviation, 1e-9);
            Assert.Equal(whole.Bands[b].Quantiles, merged.Bands[b].Quantiles);
        }
    }

    [Fact]
    public void ValuesBeyondTheHistogram_KeepExactExtremes()
    {
        var accumulator = new BandStatisticsAccumulator(1);
        foreach (float x in new[] { -500f, -60f, -50f, 400f })
        {
            accumulator.AddFrame([x]);
        }

        var band = accumulator.ToStatistics([0, 1]).Bands[0];
        Assert.Equal([-500, 400], band.Quantiles);
        Assert.Equal(-500, band.Min);
        Assert.Equal(400, band.Max);
        Approx.AssertClose(-52.5, band.Mean, 1e-12);
    }

    [Fact]
    public void NonFiniteValue_IsRefusedAndLeavesTheAccumulatorAsItWas()
    {
        var accumulator = new BandStatisticsAccumulator(2);
        accumulator.Add(Clip(0, frames: 3, bands: 2));
        var bad = Clip(1, frames: 3, bands: 2);
        bad[2, 1] = float.NaN;
        Assert.Throws<ArgumentException>(() => accumulator.Add(bad));
        Assert.Equal(3, accumulator.FrameCount);
        Assert.Equal(1, accumulator.ClipCount);
    }

    [Fact]
    public void OtherBandCount_IsRefused()
    {
        var accumulator = new BandStatisticsAccumulator(4);
        var ex = Assert.Throws<ArgumentException>(() => accumulator.Add(new FeatureMatrix(2, 5)));
        Assert.Contains("5 bands", ex.Message);
        Assert.Throws<InvalidOperationException>(() => accumulator.ToStatistics());
    }

    [Fact]
    public void Statistics_RoundTripThroughJson()
    {
        var stats = OfThreeClips();
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var back = JsonSerializer.Deserialize<BandStatistics>(JsonSerializer.Serialize(stats, options), options)!;
        Assert.Equal(stats.Probabilities, back.Probabilities);
        Assert.Equal(stats.Bands.Select(b => b.Mean), back.Bands.Select(b => b.Mean));
        Assert.Equal(stats.Bands[3].Quantiles, back.Bands[3].Quantiles);
        Assert.Equal(stats.MeanLevel, back.MeanLevel);
    }
}
