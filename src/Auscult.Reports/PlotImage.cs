using System.Xml.Linq;
using ScottPlot;
using SkiaSharp;

namespace Auscult.Reports;

/// <summary>
/// Renders plots and combined figures to PNG or SVG, in memory or to a file. Files are written atomically
/// (<see cref="AtomicFile"/>), so a reader never sees a half-written image.
/// </summary>
public static class PlotImage
{
    /// <summary>Default image width in pixels: wide enough for a page-width figure that prints well.</summary>
    public const int DefaultWidth = 1000;

    /// <summary>Default image height in pixels.</summary>
    public const int DefaultHeight = 500;

    /// <summary>The largest accepted width or height in pixels; beyond it a typo (an extra zero) would allocate gigabytes.</summary>
    public const int MaxSide = 8000;

    /// <summary>Renders a plot as PNG bytes.</summary>
    public static byte[] ToPng(Plot plot, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(plot);
        CheckSize(width, height);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Renders a combined figure as PNG bytes.</summary>
    public static byte[] ToPng(Multiplot figure, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(figure);
        CheckSize(width, height);
        // A layout may leave grid cells without a plot, and the figure clears its canvas to transparent: those cells
        // would show the viewer's background (black in dark mode). Draw the figure over white instead.
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.White);
        using (var image = figure.Render(width, height))
        using (var decoded = SKImage.FromEncodedData(image.GetImageBytes(ImageFormat.Png, 100)))
        {
            surface.Canvas.DrawImage(decoded, 0, 0);
        }

        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    /// <summary>Renders a plot as an SVG document.</summary>
    public static string ToSvg(Plot plot, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(plot);
        CheckSize(width, height);
        return CrispImages(XDocument.Parse(plot.GetSvgXml(width, height)));
    }

    /// <summary>Renders a combined figure as an SVG document.</summary>
    /// <remarks>ScottPlot saves a multiplot only as a bitmap; drawing it on Skia's SVG canvas gives the vector form.</remarks>
    public static string ToSvg(Multiplot figure, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(figure);
        CheckSize(width, height);
        using var buffer = new MemoryStream();
        using (var wrapped = new SKManagedWStream(buffer))
        {
            // The SVG is complete only once the canvas is disposed.
            using var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), wrapped);
            figure.Render(canvas, new PixelRect(0, width, height, 0));
        }

        var svg = XDocument.Parse(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        // The figure first clears the canvas to transparent, which Skia writes as a rectangle without a fill, and SVG
        // fills that black: empty grid cells would be black. Make that first rectangle white.
        var clear = svg.Root!.Elements().FirstOrDefault();
        if (clear?.Name.LocalName == "rect" && clear.Attribute("fill") is null)
        {
            clear.SetAttributeValue("fill", "white");
        }

        return CrispImages(svg);
    }

    /// <summary>
    /// Heat maps reach SVG as small bitmaps scaled up; viewers smooth them by default, which blurs spectrogram cells
    /// into each other. Asking for pixelated scaling shows each cell as the PNG does.
    /// </summary>
    private static string CrispImages(XDocument document)
    {
        XNamespace ns = "http://www.w3.org/2000/svg";
        foreach (var image in document.Descendants(ns + "image"))
        {
            string style = (string?)image.Attribute("style") ?? "";
            image.SetAttributeValue("style", (style.Length == 0 ? "" : style.TrimEnd(';') + ";") + "image-rendering:pixelated");
        }

        return document.Declaration is null ? document.ToString(SaveOptions.DisableFormatting) : document.Declaration + document.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>Writes a plot to <paramref name="path"/> as PNG or SVG, chosen by the extension (.png or .svg).</summary>
    /// <exception cref="AuscultException">The extension is neither .png nor .svg, or the folder does not exist.</exception>
    public static void Save(Plot plot, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(plot);
        switch (FormatOf(path))
        {
            case ".png":
                byte[] png = ToPng(plot, width, height);
                AtomicFile.Write(path, stream => stream.Write(png));
                break;
            default:
                string svg = ToSvg(plot, width, height);
                AtomicFile.WriteText(path, writer => writer.Write(svg));
                break;
        }
    }

    /// <summary>Writes a combined figure to <paramref name="path"/> as PNG or SVG, chosen by the extension.</summary>
    /// <exception cref="AuscultException">The extension is neither .png nor .svg, or the folder does not exist.</exception>
    public static void Save(Multiplot figure, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(figure);
        switch (FormatOf(path))
        {
            case ".png":
                byte[] png = ToPng(figure, width, height);
                AtomicFile.Write(path, stream => stream.Write(png));
                break;
            default:
                string svg = ToSvg(figure, width, height);
                AtomicFile.WriteText(path, writer => writer.Write(svg));
                break;
        }
    }

    private static string FormatOf(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".png" or ".svg"))
        {
            throw new InputException($"{path}: a plot is saved as .png or .svg, not '{extension}'.");
        }

        return extension;
    }

    private static void CheckSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxSide);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxSide);
    }
}
