using Auscult.Features;
using ScottPlot;

namespace Auscult.Reports;

/// <summary>
/// Shows where in time and frequency a clip's anomaly score comes from: the clip's (mel) spectrogram in grey with
/// the per-cell error laid over it in heat colours, transparent where the error is ordinary, plus the mean error per
/// frame (under it, same time axis) and per band (beside it, same frequency axis).
/// </summary>
public static class AnomalyMapPlot
{
    private const float MarginLeft = 95, MarginRight = 125, MarginBottom = 55, MarginTop = 40;

    /// <summary>
    /// Builds the figure.
    /// </summary>
    /// <param name="spectrogram">The clip's spectrogram in dB, [frames x bands].</param>
    /// <param name="error">A non-negative error per frame and band with the same shape, e.g. squared reconstruction error.</param>
    /// <param name="title">Title of the main panel, e.g. the clip name and its score.</param>
    /// <param name="quantity">What the error values are, for the colour bar and the marginal panels, e.g. "Reconstruction error".</param>
    /// <exception cref="ArgumentException">The shapes differ, or an error is negative or not finite.</exception>
    public static Multiplot Create(SpectrogramData spectrogram, FeatureMatrix error, string title = "Anomaly map", string quantity = "Error")
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        ArgumentNullException.ThrowIfNull(error);
        var m = spectrogram.LevelsDb;
        if (error.Rows != m.Rows || error.Columns != m.Columns)
        {
            throw new ArgumentException(
                $"The error matrix is {error.Rows} x {error.Columns} but the spectrogram is {m.Rows} x {m.Columns}; they must match cell for cell.", nameof(error));
        }

        for (int i = 0; i < error.Data.Length; i++)
        {
            if (!(float.IsFinite(error.Data[i]) && error.Data[i] >= 0))
            {
                throw new ArgumentException($"Error value {i} is {error.Data[i]}; errors must be finite and non-negative.", nameof(error));
            }
        }

        var main = PlotDefaults.NewPlot(title, "Time (s)", PlotDefaults.FrequencyAxisLabel(spectrogram));
        PlotDefaults.AddSpectrogram(main, spectrogram, new ScottPlot.Colormaps.Grayscale(), PlotDefaults.DbRange(spectrogram));
        AddErrorOverlay(main, spectrogram, error, quantity);
        var mainLimits = main.Axes.GetLimits();

        // Marginals: mean over bands gives the error per frame; mean over frames gives the error per band.
        var perFrame = new double[m.Rows];
        var perBand = new double[m.Columns];
        for (int r = 0; r < m.Rows; r++)
        {
            for (int c = 0; c < m.Columns; c++)
            {
                perFrame[r] += error[r, c] / (double)m.Columns;
                perBand[c] += error[r, c] / (double)m.Rows;
            }
        }

        double[] times = Enumerable.Range(0, m.Rows).Select(r => r * spectrogram.FrameSeconds).ToArray();
        double[] bandPositions = spectrogram.IsMel
            ? Enumerable.Range(0, m.Columns).Select(c => (double)c).ToArray()
            : Enumerable.Range(0, m.Columns).Select(c => c * spectrogram.BinHz).ToArray();

        int worstFrame = Array.IndexOf(perFrame, perFrame.Max());
        int worstBand = Array.IndexOf(perBand, perBand.Max());
        double worstHz = spectrogram.IsMel ? spectrogram.MelBandCentresHz![worstBand] : bandPositions[worstBand];

        // The peaks go in the titles: a label on the marker line would cover tick labels at the panel's edge.
        var frames = PlotDefaults.NewPlot(
            $"Mean per frame (peak at {PlotDefaults.Format(times[worstFrame], "0.00")} s)", "Time (s)", quantity);
        var frameLine = frames.Add.ScatterLine(times, perFrame, PlotDefaults.Anomaly);
        frameLine.LineWidth = 2;
        frameLine.FillY = true;
        frameLine.FillYColor = PlotDefaults.Anomaly.WithAlpha(0.25);
        frames.Add.VerticalLine(times[worstFrame], 1.5f, Colors.Black, LinePattern.Dashed);
        frames.Axes.Margins(bottom: 0);
        frames.Axes.SetLimitsX(mainLimits.Left, mainLimits.Right);

        var bands = PlotDefaults.NewPlot($"Per band (peak {PlotDefaults.FormatHz(worstHz)})", quantity, PlotDefaults.FrequencyAxisLabel(spectrogram));
        var bandLine = bands.Add.ScatterLine(perBand, bandPositions, PlotDefaults.Anomaly);
        bandLine.LineWidth = 2;
        bands.Add.HorizontalLine(bandPositions[worstBand], 1.5f, Colors.Black, LinePattern.Dashed);
        if (spectrogram.IsMel)
        {
            bands.Axes.Left.TickGenerator = PlotDefaults.MelTicks(spectrogram.MelBandCentresHz!);
        }

        bands.Axes.Margins(left: 0);
        bands.Axes.SetLimitsY(mainLimits.Bottom, mainLimits.Top);

        // Fixed paddings line the panels up: the map and the per-frame panel share left and right edges (one time
        // axis), the map and the per-band panel share top and bottom edges (one frequency axis). The map's right
        // padding holds its colour bar.
        main.Layout.Fixed(new PixelPadding(left: MarginLeft, right: MarginRight, bottom: MarginBottom, top: MarginTop));
        frames.Layout.Fixed(new PixelPadding(left: MarginLeft, right: MarginRight, bottom: MarginBottom, top: MarginTop));
        bands.Layout.Fixed(new PixelPadding(left: MarginLeft, right: 20, bottom: MarginBottom, top: MarginTop));

        // A 3 x 4 grid: the map takes two rows and three columns, per-band profile at its right, per-frame below.
        var layout = new ScottPlot.MultiplotLayouts.CustomGrid();
        var figure = PlotDefaults.Combine(layout, main, bands, frames);
        layout.Set(main, new GridCell(0, 0, 3, 4, 2, 3));
        layout.Set(bands, new GridCell(0, 3, 3, 4, 2, 1));
        layout.Set(frames, new GridCell(2, 0, 3, 4, 1, 3));
        return figure;
    }

    private static void AddErrorOverlay(Plot plot, SpectrogramData spectrogram, FeatureMatrix error, string quantity)
    {
        // Only unusual errors should colour the map: cells at or below the median stay clear, and opacity grows to
        // the 99th percentile so that a single extreme cell does not wash out the rest.
        float[] sorted = (float[])error.Data.Clone();
        Array.Sort(sorted);
        double median = sorted[sorted.Length / 2];
        double high = sorted[Math.Min(sorted.Length - 1, (int)(0.99 * sorted.Length))];
        if (high <= median)
        {
            high = sorted[^1] > median ? sorted[^1] : median + 1;
        }

        int rows = error.Columns, columns = error.Rows;
        var cells = new double[rows, columns];
        var alpha = new byte[rows, columns];
        for (int frame = 0; frame < error.Rows; frame++)
        {
            for (int band = 0; band < error.Columns; band++)
            {
                double e = error[frame, band];
                double level = Math.Clamp((e - median) / (high - median), 0, 1);
                cells[rows - 1 - band, frame] = e;
                alpha[rows - 1 - band, frame] = (byte)Math.Round(210 * level);
            }
        }

        var overlay = plot.Add.Heatmap(cells);
        // Yellow through orange to red: saturated at every level, so even a faint overlay stands out from the grey
        // spectrogram, and the worst cells are the reddest.
        overlay.Colormap = new ScottPlot.Colormaps.CustomInterpolated(
            [Color.FromHex("#FFE000"), Color.FromHex("#FF8000"), Color.FromHex("#E00000"), Color.FromHex("#A00030")]);
        overlay.ManualRange = new ScottPlot.Range(median, high);
        overlay.AlphaMap = alpha;
        var spectrogramExtent = plot.GetPlottables<ScottPlot.Plottables.Heatmap>().First().Extent;
        overlay.Extent = spectrogramExtent;
        var bar = plot.Add.ColorBar(overlay);
        bar.Label = $"{quantity} (overlay)";
        bar.LabelStyle.FontSize = PlotDefaults.LabelSize;
    }
}
