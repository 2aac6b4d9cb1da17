using Auscult.Drift;
using ScottPlot;

namespace Auscult.Reports;

/// <summary>Plots of a machine's drift over time.</summary>
public static class DriftPlots
{
    private static readonly Color[] CauseColors =
    [
        Color.FromHex("#999999"), // none
        Color.FromHex("#CC79A7"), // input
        Color.FromHex("#0072B2"), // environment
        Color.FromHex("#009E73"), // operating point
        Color.FromHex("#D55E00"), // machine
    ];

    /// <summary>
    /// A machine's drift windows against days since <paramref name="origin"/>: the broadband shift and the narrow-band
    /// change (dB, left axis), the score KS distance and the anomaly rate (0-1, right axis), the persisted cause as a
    /// coloured strip along the bottom, a dashed line at <paramref name="eventStart"/> and a marker at each alert.
    /// </summary>
    /// <exception cref="ArgumentException">The drift has no windows.</exception>
    public static Plot Timeline(MachineDrift drift, DateTimeOffset origin, DateTimeOffset? eventStart = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(drift);
        if (drift.Windows.Count == 0)
        {
            throw new ArgumentException($"Machine {drift.MachineId} has no drift windows to plot.", nameof(drift));
        }

        var plot = PlotDefaults.NewPlot(title ?? $"Drift of {drift.MachineId}", "Days", "Level change (dB)");
        double[] days = [.. drift.Windows.Select(w => (w.End - origin).TotalDays)];
        static double Finite(double value) => double.IsFinite(value) ? value : 0;

        var broadband = plot.Add.ScatterLine(days, [.. drift.Windows.Select(w => Finite(w.Evidence.BroadbandShiftDb))], PlotDefaults.Normal);
        broadband.LegendText = "broadband shift (dB)";
        var tilt = plot.Add.ScatterLine(days, [.. drift.Windows.Select(w => Finite(w.Evidence.TiltDb))], Color.FromHex("#56B4E9"));
        tilt.LegendText = "tilt (dB)";
        var narrow = plot.Add.ScatterLine(days, [.. drift.Windows.Select(w => Finite(w.Evidence.NarrowBandDb))], PlotDefaults.Anomaly);
        narrow.LegendText = "narrow-band change (dB)";

        var right = plot.Axes.Right;
        var ks = plot.Add.ScatterLine(days, [.. drift.Windows.Select(w => Finite(w.Evidence.ScoreKs))], PlotDefaults.Accent);
        ks.LegendText = "score KS (right)";
        ks.Axes.YAxis = right;
        var rate = plot.Add.ScatterLine(days, [.. drift.Windows.Select(w => Finite(w.Evidence.AnomalyRate))], Color.FromHex("#E69F00"));
        rate.LegendText = "anomaly rate (right)";
        rate.Axes.YAxis = right;
        right.Label.Text = "KS distance, anomaly rate";
        plot.Axes.SetLimitsY(0, 1.05, right);

        double low = Math.Min(-1, drift.Windows.Min(w => Math.Min(Finite(w.Evidence.BroadbandShiftDb), Finite(w.Evidence.TiltDb))));
        double high = Math.Max(3, drift.Windows.Max(w => Math.Max(Finite(w.Evidence.NarrowBandDb), Finite(w.Evidence.BroadbandShiftDb))));
        double strip = (high - low) * 0.06;
        for (int i = 0; i < drift.Windows.Count; i++)
        {
            double from = i == 0 ? days[0] - (days.Length > 1 ? days[1] - days[0] : 0.04) : days[i - 1];
            var box = plot.Add.Rectangle(from, days[i], low - strip, low);
            box.FillColor = CauseColors[(int)drift.Windows[i].Cause];
            box.LineWidth = 0;
        }

        // The cause strip's colours as legend entries of their own: a filled square per cause (a plottable of marker size
        // 0, as before, drew an entry with no swatch).
        foreach (DriftCause cause in Enum.GetValues<DriftCause>())
        {
            plot.Legend.ManualItems.Add(CauseItem(cause));
        }

        foreach (DriftAlert alert in drift.Alerts)
        {
            var marker = plot.Add.Marker((alert.RaisedAt - origin).TotalDays, high, MarkerShape.FilledTriangleDown, 12, CauseColors[(int)alert.Cause]);
            marker.LegendText = string.Empty;
        }

        if (eventStart is DateTimeOffset start)
        {
            var line = plot.Add.VerticalLine((start - origin).TotalDays, 2, PlotDefaults.Threshold, LinePattern.Dashed);
            line.LegendText = "event";
        }

        plot.Axes.SetLimitsY(low - strip, high * 1.1, plot.Axes.Left);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>The legend entry of a cause's colour in the strip: a filled square and the cause's name.</summary>
    internal static LegendItem CauseItem(DriftCause cause) => new()
    {
        LabelText = "cause: " + CauseName(cause),
        MarkerShape = MarkerShape.FilledSquare,
        MarkerSize = 12,
        MarkerFillColor = CauseColors[(int)cause],
        MarkerLineColor = CauseColors[(int)cause],
        LineWidth = 0,
    };

    private static string CauseName(DriftCause cause) => cause switch
    {
        DriftCause.OperatingPoint => "operating-point",
        _ => cause.ToString().ToLowerInvariant(),
    };
}
