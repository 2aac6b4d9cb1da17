using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace Auscult.Reports;

/// <summary>Shared look and input checks of every Auscult plot.</summary>
internal static class PlotDefaults
{
    // Okabe-Ito colours: distinguishable with the common colour-vision deficiencies and in greyscale print.
    public static readonly Color Normal = Color.FromHex("#0072B2");
    public static readonly Color Anomaly = Color.FromHex("#D55E00");
    public static readonly Color Threshold = Color.FromHex("#000000");
    public static readonly Color Accent = Color.FromHex("#009E73");

    /// <summary>Levels more than this below the maximum share the bottom colour (librosa's top_db for display).</summary>
    public const double DynamicRangeDb = 80;

    public const float TitleSize = 18;
    public const float LabelSize = 15;

    /// <summary>
    /// A sans-serif family that is installed, else null (ScottPlot's choice). Skia's font lookup on Linux falls back
    /// to whatever font it finds first, often a serif one, so name one explicitly. Debian: fonts-dejavu-core.
    /// </summary>
    private static readonly string? SansFamily =
        new[] { "DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica" }.FirstOrDefault(f => Fonts.GetTypeface(f, bold: false, italic: false)?.FamilyName == f);

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        if (SansFamily is not null)
        {
            plot.Font.Set(SansFamily);
        }

        plot.Title(title, TitleSize);
        plot.Axes.Title.Label.Bold = true;
        plot.XLabel(xLabel, LabelSize);
        plot.YLabel(yLabel, LabelSize);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        return plot;
    }

    /// <summary>A legend on the plot, in a corner, readable at print size.</summary>
    public static void ShowLegend(Plot plot, Alignment where = Alignment.UpperRight)
    {
        plot.ShowLegend(where);
        plot.Legend.FontSize = 13;
    }

    /// <summary>A figure of several plots; <see cref="Multiplot"/>'s parameterless constructor would add an empty first panel.</summary>
    public static Multiplot Combine(IMultiplotLayout layout, params Plot[] plots)
    {
        var figure = new Multiplot(plots[0]) { Layout = layout };
        foreach (var plot in plots.Skip(1))
        {
            figure.AddPlot(plot);
        }

        return figure;
    }

    /// <summary>"250 Hz", "1.2 kHz": short tick labels for a frequency axis.</summary>
    public static string FormatHz(double hz) =>
        hz >= 1000
            ? (hz / 1000).ToString(hz >= 10_000 ? "0" : "0.#", CultureInfo.InvariantCulture) + " kHz"
            : hz.ToString("0", CultureInfo.InvariantCulture) + " Hz";

    public static string Format(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The colour range of a set of dB matrices: the maximum and <see cref="DynamicRangeDb"/> below it, or the minimum if closer.</summary>
    public static ScottPlot.Range DbRange(params SpectrogramData[] spectrograms)
    {
        float max = float.MinValue, min = float.MaxValue;
        foreach (var s in spectrograms)
        {
            foreach (float v in s.LevelsDb.Data)
            {
                max = Math.Max(max, v);
                min = Math.Min(min, v);
            }
        }

        double low = Math.Max(min, max - DynamicRangeDb);
        // A constant matrix would give an empty range, which the colour bar cannot draw.
        return low < max ? new ScottPlot.Range(low, max) : new ScottPlot.Range(max - 1, max + 1);
    }

    /// <summary>
    /// Draws a spectrogram as a heat map with time (s) across and frequency (Hz, or mel band labelled in Hz) up. Each
    /// cell is centred on its frame time and bin frequency, as librosa's specshow does for centred frames.
    /// </summary>
    public static Heatmap AddSpectrogram(Plot plot, SpectrogramData data, IColormap colormap, ScottPlot.Range range)
    {
        var m = data.LevelsDb;
        // Heatmap rows are drawn top to bottom; the highest frequency goes on the first row.
        var cells = new double[m.Columns, m.Rows];
        for (int frame = 0; frame < m.Rows; frame++)
        {
            for (int bin = 0; bin < m.Columns; bin++)
            {
                cells[m.Columns - 1 - bin, frame] = m[frame, bin];
            }
        }

        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = colormap;
        heatmap.ManualRange = range;
        double dt = data.FrameSeconds;
        double left = -0.5 * dt, right = (m.Rows - 0.5) * dt;
        if (data.IsMel)
        {
            // Mel bands are not evenly spaced in Hz: draw them one unit each and label a few with their centre frequency.
            heatmap.Extent = new CoordinateRect(left, right, -0.5, m.Columns - 0.5);
            plot.Axes.Left.TickGenerator = MelTicks(data.MelBandCentresHz!);
            plot.Axes.SetLimits(left, right, -0.5, m.Columns - 0.5);
        }
        else
        {
            double df = data.BinHz;
            heatmap.Extent = new CoordinateRect(left, right, -0.5 * df, (m.Columns - 0.5) * df);
            plot.Axes.SetLimits(left, right, -0.5 * df, (m.Columns - 0.5) * df);
        }

        return heatmap;
    }

    /// <summary>About eight ticks on a mel-band axis, each labelled with the band's centre frequency.</summary>
    public static NumericManual MelTicks(IReadOnlyList<double> centresHz)
    {
        var ticks = new NumericManual();
        int step = Math.Max(1, (int)Math.Ceiling(centresHz.Count / 8.0));
        for (int band = 0; band < centresHz.Count; band += step)
        {
            ticks.AddMajor(band, FormatHz(centresHz[band]));
        }

        return ticks;
    }

    public static string FrequencyAxisLabel(SpectrogramData data) =>
        data.IsMel ? "Mel band (centre frequency)" : "Frequency (Hz)";

    public static void CheckFinite(IReadOnlyList<double> values, string name)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {values[i]}; every value must be finite.", name);
            }
        }
    }
}
