using Auscult.Features;
using Auscult.Reports.Tests.TestSupport;
using ScottPlot;
using ScottPlot.Plottables;

using Auscult.Tests.TestSupport;

namespace Auscult.Reports.Tests;

public sealed class AnomalyMapPlotTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Small random error everywhere and a strong block at frames 20..29, bands 30..33.</summary>
    private static FeatureMatrix ErrorWithHotspot(SpectrogramData spectrogram)
    {
        var random = new Random(5);
        var error = new FeatureMatrix(spectrogram.LevelsDb.Rows, spectrogram.LevelsDb.Columns);
        for (int f = 0; f < error.Rows; f++)
        {
            for (int b = 0; b < error.Columns; b++)
            {
                error[f, b] = (float)random.NextDouble() + (f is >= 20 and < 30 && b is >= 30 and < 34 ? 40 : 0);
            }
        }

        return error;
    }

    [Fact]
    public void Create_HotspotIsColouredAndOrdinaryCellsStayGrey()
    {
        var spectrogram = Synthetic.Mel(40, 3, 1000);
        var figure = AnomalyMapPlot.Create(spectrogram, ErrorWithHotspot(spectrogram), "clip");
        using var bitmap = ImageAssert.Png(PlotImage.ToPng(figure, 1200, 800), 1200, 800);
        var main = figure.GetPlots()[0];
        double t = spectrogram.FrameSeconds;
        var hot = main.GetPixel(new Coordinates(25 * t, 31));
        var cold = main.GetPixel(new Coordinates(5 * t, 31));
        var hotColor = bitmap.GetPixel((int)hot.X, (int)hot.Y);
        var coldColor = bitmap.GetPixel((int)cold.X, (int)cold.Y);
        Assert.True(ImageAssert.Chroma(hotColor) > 100, $"The hotspot is not coloured: {hotColor}.");
        Assert.True(ImageAssert.Chroma(coldColor) < 15, $"An ordinary cell is coloured: {coldColor}.");
    }

    [Fact]
    public void Create_MarginalsPointAtTheHotspot()
    {
        var spectrogram = Synthetic.Mel(40, 3, 1000);
        var figure = AnomalyMapPlot.Create(spectrogram, ErrorWithHotspot(spectrogram));
        var plots = figure.GetPlots();
        Assert.Equal(3, plots.Length);
        var perBand = plots[1].GetPlottables<Scatter>().Single().Data.GetScatterPoints();
        var perFrame = plots[2].GetPlottables<Scatter>().Single().Data.GetScatterPoints();
        Assert.InRange(perBand.MaxBy(p => p.X).Y, 30, 33);
        Assert.InRange(perFrame.MaxBy(p => p.Y).X, 20 * spectrogram.FrameSeconds, 29 * spectrogram.FrameSeconds);
        string peakBand = spectrogram.MelBandCentresHz![(int)perBand.MaxBy(p => p.X).Y] >= 1000 ? "kHz" : "Hz";
        Assert.Contains(peakBand, plots[1].Axes.Title.Label.Text);
    }

    [Fact]
    public void Create_WritesPngAndSvg()
    {
        var spectrogram = Synthetic.Stft(3, 1000);
        var error = new FeatureMatrix(spectrogram.LevelsDb.Rows, spectrogram.LevelsDb.Columns);
        error[3, 40] = 5;
        var figure = AnomalyMapPlot.Create(spectrogram, error);
        PlotImage.Save(figure, _folder.Combine("map.png"), 1200, 800);
        PlotImage.Save(figure, _folder.Combine("map.svg"), 1200, 800);
        using var bitmap = ImageAssert.PngFile(_folder.Combine("map.png"), 1200, 800);
        ImageAssert.SvgFile(_folder.Combine("map.svg"), 1200, 800);
    }

    [Fact]
    public void Create_EmptyGridCellIsWhiteInPngAndSvg()
    {
        var spectrogram = Synthetic.Mel(40, 3, 1000);
        var figure = AnomalyMapPlot.Create(spectrogram, ErrorWithHotspot(spectrogram));
        // The bottom-right cell of the 3 x 4 grid has no plot.
        using var bitmap = ImageAssert.Png(PlotImage.ToPng(figure, 1200, 800), 1200, 800);
        Assert.Equal(SkiaSharp.SKColors.White, bitmap.GetPixel(1150, 750));
        var svg = System.Xml.Linq.XDocument.Parse(PlotImage.ToSvg(figure, 1200, 800));
        var background = svg.Root!.Elements().First();
        Assert.Equal(("rect", "white"), (background.Name.LocalName, (string?)background.Attribute("fill")));
    }

    [Fact]
    public void Create_ShapeMismatch_ThrowsArgumentException()
    {
        var spectrogram = Synthetic.Mel(40, 3, 1000);
        var error = Assert.Throws<ArgumentException>(() =>
            AnomalyMapPlot.Create(spectrogram, new FeatureMatrix(spectrogram.LevelsDb.Rows, 39)));
        Assert.Contains("must match", error.Message);
    }

    [Fact]
    public void Create_NegativeError_ThrowsArgumentException()
    {
        var spectrogram = Synthetic.Mel(40, 3, 1000);
        var error = new FeatureMatrix(spectrogram.LevelsDb.Rows, spectrogram.LevelsDb.Columns);
        error[0, 0] = -1;
        Assert.Throws<ArgumentException>(() => AnomalyMapPlot.Create(spectrogram, error));
    }
}
