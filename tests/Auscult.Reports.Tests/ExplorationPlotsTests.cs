using Auscult.Audio;
using Auscult.Features;
using Auscult.Reports.Tests.TestSupport;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

using Auscult.Tests.TestSupport;

namespace Auscult.Reports.Tests;

public sealed class ExplorationPlotsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Waveform_WritesPngAndSvg()
    {
        var plot = ExplorationPlots.Waveform(Synthetic.Sines(0.5, 1, 440), Synthetic.SampleRate);
        PlotImage.Save(plot, _folder.Combine("wave.png"));
        PlotImage.Save(plot, _folder.Combine("wave.svg"));
        using var bitmap = ImageAssert.PngFile(_folder.Combine("wave.png"), 1000, 500);
        ImageAssert.SvgFile(_folder.Combine("wave.svg"), 1000, 500);
    }

    [Fact]
    public void Waveform_TimeAxisSpansTheClipInSeconds()
    {
        var plot = ExplorationPlots.Waveform(Synthetic.Sines(0.5, 1, 440), Synthetic.SampleRate);
        var limits = plot.Axes.GetLimits();
        Assert.Equal(0, limits.Left, 6);
        Assert.Equal(0.5, limits.Right, 6);
        Assert.Contains("(s)", plot.Axes.Bottom.Label.Text);
    }

    [Fact]
    public void Waveform_OfClip_NamesTheFileInTheTitle()
    {
        var clip = AudioClip.Mono(Synthetic.Sines(0.1, 1, 440), Synthetic.SampleRate, "/data/fan/id_00/normal_0001.wav");
        var plot = ExplorationPlots.Waveform(clip);
        Assert.Contains("normal_0001.wav", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void Waveform_Empty_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ExplorationPlots.Waveform(ReadOnlySpan<float>.Empty, 16000));
    }

    [Fact]
    public void Waveform_NaNSample_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => ExplorationPlots.Waveform(new[] { 0f, float.NaN }, 16000));
        Assert.Contains("Sample 1", error.Message);
    }

    [Fact]
    public void Spectrogram_PureTone_IsBrightAtItsFrequencyAndDarkElsewhere()
    {
        var data = Synthetic.Stft(3, 1000);
        var plot = ExplorationPlots.Spectrogram(data);
        using var bitmap = ImageAssert.Png(PlotImage.ToPng(plot), 1000, 500);
        var tone = plot.GetPixel(new Coordinates(0.5, 1000));
        var quiet = plot.GetPixel(new Coordinates(0.5, 3000));
        double toneLuminance = ImageAssert.Luminance(bitmap.GetPixel((int)tone.X, (int)tone.Y));
        double quietLuminance = ImageAssert.Luminance(bitmap.GetPixel((int)quiet.X, (int)quiet.Y));
        // Magma: loud is pale yellow, quiet is dark purple. A flipped frequency axis would swap them.
        Assert.True(toneLuminance > 0.7 && quietLuminance < 0.4, $"tone {toneLuminance:F2}, quiet {quietLuminance:F2}");
    }

    [Fact]
    public void Spectrogram_Axes_SpanTimeInSecondsAndZeroToNyquist()
    {
        var data = Synthetic.Stft(3, 1000);
        var limits = ExplorationPlots.Spectrogram(data).Axes.GetLimits();
        double frameSeconds = (double)Synthetic.HopLength / Synthetic.SampleRate;
        double binHz = (double)Synthetic.SampleRate / Synthetic.FftSize;
        Assert.Equal((data.LevelsDb.Rows - 0.5) * frameSeconds, limits.Right, 9);
        Assert.Equal((Synthetic.SampleRate / 2.0) + (binHz / 2), limits.Top, 6);
        Assert.Equal(-binHz / 2, limits.Bottom, 6);
    }

    [Fact]
    public void MelSpectrogram_LabelsBandsWithCentreFrequencies()
    {
        var data = Synthetic.Mel(40, 3, 1000);
        var plot = ExplorationPlots.Spectrogram(data);
        PlotImage.ToPng(plot);
        var ticks = Assert.IsType<NumericManual>(plot.Axes.Left.TickGenerator).Ticks;
        Assert.True(ticks.Length >= 4);
        Assert.All(ticks, t => Assert.EndsWith("Hz", t.Label));
        Assert.Equal(PlotDefaults.FormatHz(data.MelBandCentresHz![0]), ticks[0].Label);
    }

    [Fact]
    public void MelSpectrogram_PureTone_IsBrightInTheBandHoldingIt()
    {
        var data = Synthetic.Mel(40, 3, 1000);
        int band = Enumerable.Range(0, 40).OrderBy(b => Math.Abs(data.MelBandCentresHz![b] - 1000)).First();
        int loudest = Enumerable.Range(0, 40).OrderByDescending(b => data.LevelsDb[10, b]).First();
        var plot = ExplorationPlots.Spectrogram(data);
        using var bitmap = ImageAssert.Png(PlotImage.ToPng(plot), 1000, 500);
        var px = plot.GetPixel(new Coordinates(0.5, loudest));
        Assert.InRange(loudest, band - 1, band + 1);
        Assert.True(ImageAssert.Luminance(bitmap.GetPixel((int)px.X, (int)px.Y)) > 0.7);
    }

    [Fact]
    public void SpectrogramData_BandCentresOfWrongCount_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => new SpectrogramData(new FeatureMatrix(5, 8), 16000, 512, new double[7]));
        Assert.Contains("7 band centre frequencies for 8 mel bands", error.Message);
    }

    [Fact]
    public void SpectrogramData_EmptyMatrix_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new SpectrogramData(new FeatureMatrix(0, 8), 16000, 512));
    }

    [Fact]
    public void SpectrogramData_NegativeInfinity_ThrowsArgumentException()
    {
        var m = new FeatureMatrix(2, 3);
        m[1, 2] = float.NegativeInfinity;
        Assert.Throws<ArgumentException>(() => new SpectrogramData(m, 16000, 512));
    }

    [Fact]
    public void NormalBesideAbnormal_TwoPanelsOnOneColourScale()
    {
        var normal = Synthetic.Mel(40, 1, 1000);
        var abnormal = Synthetic.Mel(40, 2, 1000, 2500);
        var figure = ExplorationPlots.NormalBesideAbnormal(normal, abnormal);
        var plots = figure.GetPlots();
        Assert.Equal(2, plots.Length);
        var ranges = plots.Select(p => p.GetPlottables<Heatmap>().Single().ManualRange).ToArray();
        Assert.NotNull(ranges[0]);
        Assert.Equal(ranges[0], ranges[1]);
        float max = Math.Max(normal.LevelsDb.Data.Max(), abnormal.LevelsDb.Data.Max());
        Assert.Equal(max, ranges[0]!.Value.Max, 3);
        Assert.Equal(["Normal", "Abnormal"], plots.Select(p => p.Axes.Title.Label.Text));
    }

    [Fact]
    public void NormalBesideAbnormal_WritesPngAndSvg()
    {
        var figure = ExplorationPlots.NormalBesideAbnormal(Synthetic.Stft(1, 1000), Synthetic.Stft(2, 1000, 2500));
        PlotImage.Save(figure, _folder.Combine("pair.png"), 1400, 500);
        PlotImage.Save(figure, _folder.Combine("pair.svg"), 1400, 500);
        using var bitmap = ImageAssert.PngFile(_folder.Combine("pair.png"), 1400, 500);
        var svg = ImageAssert.SvgFile(_folder.Combine("pair.svg"), 1400, 500);
        // The two spectrograms and their colour bars are bitmaps; scaled without smoothing, cells stay cells.
        var images = svg.Descendants(System.Xml.Linq.XName.Get("image", "http://www.w3.org/2000/svg")).ToArray();
        Assert.Equal(4, images.Length);
        Assert.All(images, i => Assert.Contains("image-rendering:pixelated", (string?)i.Attribute("style")));
    }

    [Fact]
    public void NormalBesideAbnormal_DifferentBands_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ExplorationPlots.NormalBesideAbnormal(Synthetic.Mel(40, 1, 1000), Synthetic.Mel(32, 2, 1000)));
        Assert.Throws<ArgumentException>(() => ExplorationPlots.NormalBesideAbnormal(Synthetic.Stft(1, 1000), Synthetic.Mel(40, 2, 1000)));
    }

    [Fact]
    public void MeanSpectrum_DifferencePeaksAtTheToneOnlyAbnormalClipsHave()
    {
        var figure = ExplorationPlots.MeanSpectrum(
            [Synthetic.Stft(1, 1000), Synthetic.Stft(2, 1000)],
            [Synthetic.Stft(3, 1000, 2500), Synthetic.Stft(4, 1000, 2500)]);
        var difference = figure.GetPlots()[1].GetPlottables<Scatter>().Single().Data.GetScatterPoints();
        var peak = difference.MaxBy(p => p.Y);
        Assert.Equal(2500, peak.X, 1e-6 + (Synthetic.SampleRate / (double)Synthetic.FftSize));
        Assert.True(peak.Y > 30, $"The difference at the added tone is only {peak.Y:F1} dB.");
        using var bitmap = ImageAssert.Png(PlotImage.ToPng(figure, 1000, 700), 1000, 700);
    }

    [Fact]
    public void MeanSpectrum_OfASample_LegendSaysHowManyOfHowManyClips()
    {
        // Issue #10: the legend said "Normal (2 clips)" of 120 without saying it drew a sample.
        var figure = ExplorationPlots.MeanSpectrum([Synthetic.Stft(1, 1000), Synthetic.Stft(2, 1000)], [Synthetic.Stft(3, 1000, 2500)],
            normalTotal: 120, abnormalTotal: 1);
        string[] legend = figure.GetPlots()[0].GetPlottables<Scatter>().Select(s => s.LegendText).ToArray();
        Assert.Equal(["Normal (2 of 120 clips, sampled)", "Abnormal (1 clip)"], legend);
    }

    [Fact]
    public void MeanSpectrum_NoAbnormalClips_DrawsTheNormalMeanAndSaysThereAreNoAbnormalClips()
    {
        var figure = ExplorationPlots.MeanSpectrum([Synthetic.Stft(1, 1000)], [], "Mean spectrum, pump");
        var plot = Assert.Single(figure.GetPlots());
        Assert.Equal("Normal (1 clip)", Assert.Single(plot.GetPlottables<Scatter>()).LegendText);
        Assert.Contains(plot.Legend.ManualItems, item => item.LabelText.Contains("No abnormal clips", StringComparison.Ordinal));
        using var bitmap = ImageAssert.Png(PlotImage.ToPng(figure, 1000, 700), 1000, 700);
    }

    [Fact]
    public void MeanSpectrum_NoNormalClips_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ExplorationPlots.MeanSpectrum([], [Synthetic.Stft(1, 1000)]));
    }

    [Fact]
    public void MeanSpectrum_TotalSmallerThanTheSample_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExplorationPlots.MeanSpectrum([Synthetic.Stft(1, 1000), Synthetic.Stft(2, 1000)], [], normalTotal: 1));
    }
}
