using Auscult.Drift;
using Auscult.Reports.Tests.TestSupport;
using SkiaSharp;

namespace Auscult.Reports.Tests;

public sealed class DriftPlotsTests
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Every window without drift: the cause strip is grey, so the other causes' colours can come only from the legend.
    private static MachineDrift Steady()
    {
        var statistics = new DriftStatistics(288, 288, 0, 0, 0.1, 0.2, 0.1, 0.5, 0.01, 0.05, 0.01, 0.1, 0.1, 0, 0, 1, []);
        var windows = Enumerable.Range(1, 24)
            .Select(h => new DriftWindow(Origin + TimeSpan.FromHours(h) - TimeSpan.FromDays(1), Origin + TimeSpan.FromHours(h), DriftCause.None, DriftCause.None,
                false, false, [], "Nothing to do.", statistics))
            .ToList();
        return new MachineDrift("m01", windows, []);
    }

    [Fact]
    public void Timeline_LegendHasAVisibleSwatchPerCause()
    {
        var plot = DriftPlots.Timeline(Steady(), Origin);

        var items = plot.Legend.ManualItems;
        Assert.Equal(Enum.GetValues<DriftCause>().Length, items.Count);
        Assert.All(items, item => Assert.True(item.MarkerSize > 0, $"'{item.LabelText}' has no swatch."));
        Assert.Contains(items, item => item.LabelText == "cause: operating-point");
    }

    [Fact]
    public void Timeline_RendersEachCauseColourInTheLegend()
    {
        using SKBitmap bitmap = ImageAssert.Png(PlotImage.ToPng(DriftPlots.Timeline(Steady(), Origin), 1000, 600), 1000, 600);

        // Input, environment, operating point and machine colours: no window has those causes, so only swatches draw them.
        string[] colours = ["#CC79A7", "#0072B2", "#009E73", "#D55E00"];
        var found = new HashSet<SKColor>();
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                found.Add(bitmap.GetPixel(x, y));
            }
        }

        Assert.All(colours, hex => Assert.Contains(SKColor.Parse(hex), found));
    }
}
