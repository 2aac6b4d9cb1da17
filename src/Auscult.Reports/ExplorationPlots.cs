using Auscult.Audio;
using ScottPlot;

namespace Auscult.Reports;

/// <summary>
/// Plots for looking at the data before modelling: waveform, STFT and mel spectrograms, a normal clip beside an
/// abnormal one on one colour scale, and the mean spectra of both classes with their difference.
/// </summary>
public static class ExplorationPlots
{
    /// <summary>The waveform of mono samples: time (s) across, amplitude (full scale = 1) up.</summary>
    /// <exception cref="ArgumentException">No samples, a non-positive sample rate, or NaN/infinite samples.</exception>
    public static Plot Waveform(ReadOnlySpan<float> samples, int sampleRate, string title = "Waveform")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        if (samples.IsEmpty)
        {
            throw new ArgumentException("A waveform needs at least one sample.", nameof(samples));
        }

        var ys = new double[samples.Length];
        for (int i = 0; i < ys.Length; i++)
        {
            if (!float.IsFinite(samples[i]))
            {
                throw new ArgumentException($"Sample {i} is {samples[i]}; every sample must be finite.", nameof(samples));
            }

            ys[i] = samples[i];
        }

        var plot = PlotDefaults.NewPlot(title, "Time (s)", "Amplitude (full scale)");
        var signal = plot.Add.Signal(ys, 1.0 / sampleRate, PlotDefaults.Normal);
        signal.LineWidth = 1;
        double peak = Math.Max(ys.Max(Math.Abs), 1e-6);
        plot.Axes.SetLimits(0, (double)ys.Length / sampleRate, -1.05 * peak, 1.05 * peak);
        return plot;
    }

    /// <summary>The waveform of a clip (channels mixed down to mono).</summary>
    public static Plot Waveform(AudioClip clip, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return Waveform(clip.MixDown(), clip.SampleRate, title ?? (clip.Source is null ? "Waveform" : $"Waveform: {Path.GetFileName(clip.Source)}"));
    }

    /// <summary>
    /// A spectrogram in dB: time (s) across, frequency up (Hz for STFT bins; mel bands labelled with their centre
    /// frequencies), Magma colours over the top 80 dB, with a colour bar.
    /// </summary>
    public static Plot Spectrogram(SpectrogramData spectrogram, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        title ??= spectrogram.IsMel ? "Log-mel spectrogram" : "STFT spectrogram";
        var plot = PlotDefaults.NewPlot(title, "Time (s)", PlotDefaults.FrequencyAxisLabel(spectrogram));
        AddSpectrogramWithBar(plot, spectrogram, PlotDefaults.DbRange(spectrogram));
        return plot;
    }

    /// <summary>
    /// A normal clip's spectrogram beside an abnormal one's, on one shared dB colour scale so that equal colours mean
    /// equal levels. Both must be of the same kind (STFT or the same mel bands) and sample rate.
    /// </summary>
    /// <exception cref="ArgumentException">The two spectrograms have different bins, bands or rates.</exception>
    public static Multiplot NormalBesideAbnormal(SpectrogramData normal, SpectrogramData abnormal,
        string normalTitle = "Normal", string abnormalTitle = "Abnormal")
    {
        ArgumentNullException.ThrowIfNull(normal);
        ArgumentNullException.ThrowIfNull(abnormal);
        CheckComparable(normal, abnormal, nameof(abnormal));
        var range = PlotDefaults.DbRange(normal, abnormal);

        var panels = new[] { (normal, normalTitle), (abnormal, abnormalTitle) }.Select(panel =>
        {
            var plot = PlotDefaults.NewPlot(panel.Item2, "Time (s)", PlotDefaults.FrequencyAxisLabel(panel.Item1));
            // Each panel carries the same colour bar, so both data areas get the same width.
            AddSpectrogramWithBar(plot, panel.Item1, range);
            return plot;
        }).ToArray();
        return PlotDefaults.Combine(new ScottPlot.MultiplotLayouts.Columns(), panels);
    }

    /// <summary>
    /// The mean level per frequency of normal and of abnormal clips (top) and abnormal minus normal (bottom), both
    /// against frequency. Means are taken over all frames of all clips of a class, in dB (a geometric mean of power),
    /// which is what a model fed log features sees. Without abnormal clips, the normal mean alone, and the legend says
    /// there were none.
    /// </summary>
    /// <param name="normal">Spectrograms of normal clips.</param>
    /// <param name="abnormal">Spectrograms of abnormal clips; may be empty.</param>
    /// <param name="title">The figure's title.</param>
    /// <param name="normalTotal">How many normal clips the data has when <paramref name="normal"/> is a sample of them: the legend then says "40 of 120 clips, sampled". Null: all of them.</param>
    /// <param name="abnormalTotal">The same for the abnormal clips.</param>
    /// <exception cref="ArgumentException">There are no normal clips, a total is smaller than its sample, or the clips differ in bins, bands or rate.</exception>
    public static Multiplot MeanSpectrum(IReadOnlyList<SpectrogramData> normal, IReadOnlyList<SpectrogramData> abnormal,
        string title = "Mean spectrum: normal vs abnormal", int? normalTotal = null, int? abnormalTotal = null)
    {
        ArgumentNullException.ThrowIfNull(normal);
        ArgumentNullException.ThrowIfNull(abnormal);
        if (normal.Count == 0)
        {
            throw new ArgumentException($"A mean spectrum needs normal clips; got {normal.Count} normal and {abnormal.Count} abnormal.", nameof(normal));
        }

        CheckTotal(normal.Count, normalTotal, nameof(normalTotal));
        CheckTotal(abnormal.Count, abnormalTotal, nameof(abnormalTotal));

        var first = normal[0];
        foreach (var s in normal.Skip(1))
        {
            CheckComparable(first, s, nameof(normal));
        }

        foreach (var s in abnormal)
        {
            CheckComparable(first, s, nameof(abnormal));
        }

        double[] normalMean = ColumnMeans(normal);
        double[] xs = first.IsMel
            ? first.MelBandCentresHz!.ToArray()
            : Enumerable.Range(0, first.LevelsDb.Columns).Select(k => k * first.BinHz).ToArray();

        var levels = PlotDefaults.NewPlot(title, abnormal.Count == 0 ? "Frequency (Hz)" : "", "Mean level (dB)");
        var n = levels.Add.ScatterLine(xs, normalMean, PlotDefaults.Normal);
        n.LegendText = $"Normal ({Clips(normal.Count, normalTotal)})";
        n.LineWidth = 2;
        if (abnormal.Count == 0)
        {
            // Nothing to compare with: say so where the abnormal line would be, rather than leave the reader to guess.
            levels.Legend.ManualItems.Add(new LegendItem { LabelText = "No abnormal clips: normal clips only" });
            PlotDefaults.ShowLegend(levels);
            return PlotDefaults.Combine(new ScottPlot.MultiplotLayouts.Rows(), levels);
        }

        double[] abnormalMean = ColumnMeans(abnormal);
        double[] difference = abnormalMean.Zip(normalMean, (a, n) => a - n).ToArray();
        var a = levels.Add.ScatterLine(xs, abnormalMean, PlotDefaults.Anomaly);
        a.LegendText = $"Abnormal ({Clips(abnormal.Count, abnormalTotal)})";
        a.LineWidth = 2;
        PlotDefaults.ShowLegend(levels);

        var diff = PlotDefaults.NewPlot("Difference: abnormal − normal", "Frequency (Hz)", "Difference (dB)");
        diff.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dashed);
        var d = diff.Add.ScatterLine(xs, difference, PlotDefaults.Accent);
        d.LineWidth = 2;
        d.FillY = true;
        d.FillYColor = PlotDefaults.Accent.WithAlpha(0.25);

        var figure = PlotDefaults.Combine(new ScottPlot.MultiplotLayouts.Rows(), levels, diff);
        figure.SharedAxes.ShareX([levels, diff]);
        return figure;
    }

    private static void AddSpectrogramWithBar(Plot plot, SpectrogramData data, ScottPlot.Range range)
    {
        var heatmap = PlotDefaults.AddSpectrogram(plot, data, new ScottPlot.Colormaps.Magma(), range);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "Level (dB)";
        bar.LabelStyle.FontSize = PlotDefaults.LabelSize;
    }

    private static string Clips(int count) => count == 1 ? "1 clip" : $"{count} clips";

    /// <summary>"40 clips", or "40 of 120 clips, sampled" when the drawn clips are a sample of more.</summary>
    private static string Clips(int count, int? total) =>
        total is int all && all > count ? $"{count} of {all} clips, sampled" : Clips(count);

    private static void CheckTotal(int count, int? total, string name)
    {
        if (total is int all && all < count)
        {
            throw new ArgumentOutOfRangeException(name, all, $"The total ({all}) cannot be smaller than the {count} clips drawn.");
        }
    }

    private static double[] ColumnMeans(IReadOnlyList<SpectrogramData> clips)
    {
        int columns = clips[0].LevelsDb.Columns;
        var sums = new double[columns];
        long frames = 0;
        foreach (var clip in clips)
        {
            var m = clip.LevelsDb;
            for (int r = 0; r < m.Rows; r++)
            {
                var row = m.Row(r);
                for (int c = 0; c < columns; c++)
                {
                    sums[c] += row[c];
                }
            }

            frames += m.Rows;
        }

        return sums.Select(s => s / frames).ToArray();
    }

    private static void CheckComparable(SpectrogramData reference, SpectrogramData other, string name)
    {
        if (other.LevelsDb.Columns != reference.LevelsDb.Columns || other.SampleRate != reference.SampleRate
            || other.IsMel != reference.IsMel
            || (other.IsMel && !other.MelBandCentresHz!.SequenceEqual(reference.MelBandCentresHz!)))
        {
            throw new ArgumentException(
                $"Spectrograms to compare must share bins or mel bands and sample rate: {Describe(reference)} vs {Describe(other)}.", name);
        }
    }

    private static string Describe(SpectrogramData s) =>
        $"{s.LevelsDb.Columns} {(s.IsMel ? "mel bands" : "bins")} at {s.SampleRate} Hz";

    /// <summary>
    /// A spectrogram as a bare image, without axes, labels or colour bar: the input an image classifier is given (the
    /// reference workflow's image data set). Time runs left to right, frequency bottom to top, over the top 80 dB.
    /// </summary>
    public static Plot SpectrogramImage(SpectrogramData spectrogram)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        var plot = new Plot();
        PlotDefaults.AddSpectrogram(plot, spectrogram, new ScottPlot.Colormaps.Magma(), PlotDefaults.DbRange(spectrogram));
        plot.Axes.Frameless();
        plot.HideGrid();
        return plot;
    }
}
