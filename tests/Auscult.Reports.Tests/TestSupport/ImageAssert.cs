using System.Xml.Linq;
using SkiaSharp;
using Xunit.Sdk;

namespace Auscult.Reports.Tests.TestSupport;

/// <summary>Checks on written images that do not trust the code under test: PNGs are decoded by Skia, SVGs parsed as XML.</summary>
public static class ImageAssert
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Decodes a PNG and checks its size; returns the bitmap for pixel checks.</summary>
    public static SKBitmap Png(byte[] bytes, int width, int height)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(bytes.AsSpan().StartsWith(signature), "The bytes do not start with the PNG signature.");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        var bitmap = SKBitmap.Decode(bytes) ?? throw new XunitException("Skia could not decode the PNG.");
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        return bitmap;
    }

    public static SKBitmap PngFile(string path, int width, int height)
    {
        Assert.True(File.Exists(path), $"{path} was not written.");
        return Png(File.ReadAllBytes(path), width, height);
    }

    /// <summary>Parses an SVG file as XML and checks the root element and its declared size.</summary>
    public static XDocument SvgFile(string path, int width, int height)
    {
        Assert.True(File.Exists(path), $"{path} was not written.");
        var document = XDocument.Load(path);
        Assert.Equal(Svg + "svg", document.Root!.Name);
        Assert.Equal(width, (int)Math.Round(double.Parse(document.Root.Attribute("width")!.Value.Replace("px", ""), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(height, (int)Math.Round(double.Parse(document.Root.Attribute("height")!.Value.Replace("px", ""), System.Globalization.CultureInfo.InvariantCulture)));
        return document;
    }

    /// <summary>Relative luminance in [0, 1] (Rec. 709 weights, no gamma).</summary>
    public static double Luminance(SKColor c) => ((0.2126 * c.Red) + (0.7152 * c.Green) + (0.0722 * c.Blue)) / 255;

    /// <summary>How far a colour is from grey: the spread of its channels, 0..255.</summary>
    public static int Chroma(SKColor c) => Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue));
}
