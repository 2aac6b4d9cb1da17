using Auscult.Reports.Tests.TestSupport;
using ScottPlot;

using Auscult.Tests.TestSupport;

namespace Auscult.Reports.Tests;

public sealed class PlotImageTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Plot SimplePlot()
    {
        var plot = new Plot();
        plot.Add.ScatterLine(new double[] { 0, 1, 2 }, new double[] { 1, 3, 2 });
        plot.Title("Simple");
        return plot;
    }

    [Theory]
    [InlineData(1000, 500)]
    [InlineData(320, 240)]
    [InlineData(1601, 803)]
    public void Save_Png_WritesDecodablePngOfRequestedSize(int width, int height)
    {
        string path = _folder.Combine("plot.png");
        PlotImage.Save(SimplePlot(), path, width, height);
        using var bitmap = ImageAssert.PngFile(path, width, height);
    }

    [Fact]
    public void Save_DefaultSize_Is1000By500()
    {
        string path = _folder.Combine("default.png");
        PlotImage.Save(SimplePlot(), path);
        using var bitmap = ImageAssert.PngFile(path, PlotImage.DefaultWidth, PlotImage.DefaultHeight);
        Assert.Equal((1000, 500), (PlotImage.DefaultWidth, PlotImage.DefaultHeight));
    }

    [Fact]
    public void Save_Svg_WritesWellFormedSvgOfRequestedSize()
    {
        string path = _folder.Combine("plot.svg");
        PlotImage.Save(SimplePlot(), path, 640, 480);
        ImageAssert.SvgFile(path, 640, 480);
    }

    [Fact]
    public void Save_MultiplotSvg_WritesWellFormedSvgOfRequestedSize()
    {
        var figure = new Multiplot(SimplePlot());
        figure.AddPlot(SimplePlot());
        string path = _folder.Combine("figure.svg");
        PlotImage.Save(figure, path, 900, 400);
        var svg = ImageAssert.SvgFile(path, 900, 400);
        Assert.True(svg.Descendants().Count() > 20, "The SVG has almost no elements; the figure was not drawn.");
    }

    [Fact]
    public void Save_MultiplotPng_WritesDecodablePng()
    {
        var figure = new Multiplot(SimplePlot());
        figure.AddPlot(SimplePlot());
        string path = _folder.Combine("figure.png");
        PlotImage.Save(figure, path, 900, 400);
        using var bitmap = ImageAssert.PngFile(path, 900, 400);
    }

    [Theory]
    [InlineData("plot.jpg")]
    [InlineData("plot")]
    [InlineData("plot.png.txt")]
    public void Save_UnsupportedExtension_ThrowsAuscultException(string name)
    {
        var error = Assert.ThrowsAny<AuscultException>(() => PlotImage.Save(SimplePlot(), _folder.Combine(name)));
        Assert.Contains(".png or .svg", error.Message);
        Assert.False(File.Exists(_folder.Combine(name)));
    }

    [Fact]
    public void Save_IntoMissingFolder_ThrowsAuscultException()
    {
        Assert.ThrowsAny<AuscultException>(() => PlotImage.Save(SimplePlot(), _folder.Combine("absent", "plot.png")));
    }

    [Theory]
    [InlineData(0, 500)]
    [InlineData(1000, -1)]
    [InlineData(PlotImage.MaxSide + 1, 500)]
    public void ToPng_SizeOutOfRange_Throws(int width, int height)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PlotImage.ToPng(SimplePlot(), width, height));
    }

    [Fact]
    public void Save_LeavesOnlyTheFinalFile()
    {
        PlotImage.Save(SimplePlot(), _folder.Combine("plot.png"));
        Assert.Equal(["plot.png"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Title_RendersGlyphs_SoAFontIsInstalled()
    {
        // On a machine without fonts (Debian: fonts-dejavu-core missing) Skia draws text as nothing at all.
        var empty = new Plot();
        empty.Axes.Frameless();
        var titled = new Plot();
        titled.Axes.Frameless();
        titled.Title("Auscult font check", 40);
        using var blank = ImageAssert.Png(PlotImage.ToPng(empty, 600, 200), 600, 200);
        using var text = ImageAssert.Png(PlotImage.ToPng(titled, 600, 200), 600, 200);
        int darker = 0;
        for (int y = 0; y < 80; y++)
        {
            for (int x = 0; x < 600; x++)
            {
                darker += ImageAssert.Luminance(text.GetPixel(x, y)) < ImageAssert.Luminance(blank.GetPixel(x, y)) - 0.3 ? 1 : 0;
            }
        }

        Assert.True(darker > 300, $"Only {darker} title pixels were drawn; is a font (e.g. fonts-dejavu-core) installed?");
    }
}
