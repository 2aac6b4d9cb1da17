using ScottPlot;

namespace Auscult.Reports.Tests;

public class PngInfoTests
{
    [Fact]
    public void ReadSize_OfRenderedPlot_IsTheRenderedSize()
    {
        var plot = new Plot();
        plot.Add.Signal(new double[] { 1, 2, 3 });
        Assert.Equal((123, 45), PngInfo.ReadSize(PlotImage.ToPng(plot, 123, 45)));
    }

    [Fact]
    public void ReadSize_OfNonPng_ThrowsAuscultException()
    {
        Assert.ThrowsAny<AuscultException>(() => PngInfo.ReadSize("GIF89a not a png at all...."u8));
        Assert.False(PngInfo.HasSignature("<svg></svg>"u8));
    }
}
