using ScottPlot;

namespace Auscult.Reports;

/// <summary>
/// A rendered picture for the HTML report: PNG bytes, the file name it gets beside the report, a title and an
/// optional caption.
/// </summary>
public sealed record ReportFigure
{
    /// <param name="fileName">A plain file name ending in .png (no folders), unique within a report.</param>
    /// <param name="title">Shown above the picture.</param>
    /// <param name="png">The encoded PNG image.</param>
    /// <param name="caption">Shown below the picture; null for none.</param>
    /// <exception cref="ArgumentException">The file name is not a plain .png name, or the bytes are not a PNG.</exception>
    public ReportFigure(string fileName, string title, byte[] png, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(png);
        CheckFileName(fileName);
        if (!PngInfo.HasSignature(png))
        {
            throw new ArgumentException($"The image for {fileName} is not a PNG.", nameof(png));
        }

        FileName = fileName;
        Title = title;
        Png = png;
        Caption = caption;
    }

    public string FileName { get; }

    public string Title { get; }

    public byte[] Png { get; }

    public string? Caption { get; }

    /// <summary>Renders a plot at the given size.</summary>
    public static ReportFigure FromPlot(string fileName, string title, Plot plot,
        int width = PlotImage.DefaultWidth, int height = PlotImage.DefaultHeight, string? caption = null) =>
        new(fileName, title, PlotImage.ToPng(plot, width, height), caption);

    /// <summary>Renders a combined figure at the given size.</summary>
    public static ReportFigure FromPlot(string fileName, string title, Multiplot figure,
        int width = PlotImage.DefaultWidth, int height = PlotImage.DefaultHeight, string? caption = null) =>
        new(fileName, title, PlotImage.ToPng(figure, width, height), caption);

    private static void CheckFileName(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        // The name lands in a folder the caller chose and in an href: no separators, no "..", nothing to escape.
        bool plain = fileName.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.')
            && !fileName.StartsWith('.')
            && fileName.EndsWith(".png", StringComparison.OrdinalIgnoreCase);
        if (!plain)
        {
            throw new ArgumentException(
                $"'{fileName}' is not a plain PNG file name (letters, digits, '-', '_', '.', ending in .png).", nameof(fileName));
        }
    }
}
