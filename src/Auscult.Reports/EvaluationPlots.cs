using Auscult.Evaluation;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Auscult.Reports;

/// <summary>
/// Plots for judging a detector: score distributions and the threshold, errors against the threshold, every clip's
/// score, the ROC curve with its partial-AUC region, the confusion matrix and training curves. A clip is judged
/// anomalous when its score is greater than the threshold (the DCASE baseline's rule).
/// </summary>
public static class EvaluationPlots
{
    /// <summary>
    /// Histograms of the scores of normal and of anomalous clips on shared bins, overlaid in two colours, with the
    /// threshold as a vertical line.
    /// </summary>
    /// <param name="scores">Scores and true labels.</param>
    /// <param name="threshold">The decision threshold.</param>
    /// <param name="thresholdMethod">How the threshold was chosen, for the legend (e.g. "gamma 0.9 quantile"); null omits it.</param>
    /// <param name="binCount">Number of bins across the score range (default 40).</param>
    public static Plot ScoreHistogram(LabelledScores scores, double threshold, string? thresholdMethod = null, int binCount = 40)
    {
        ArgumentNullException.ThrowIfNull(scores);
        CheckThreshold(threshold);
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);

        double min = Math.Min(scores.Scores.Min(), threshold), max = Math.Max(scores.Scores.Max(), threshold);
        // Identical scores would give zero-width bins; widen to one unit around them.
        if (max - min <= 0)
        {
            min -= 0.5;
            max += 0.5;
        }

        double width = (max - min) / binCount;
        double[] centres = Enumerable.Range(0, binCount).Select(i => min + ((i + 0.5) * width)).ToArray();

        var plot = PlotDefaults.NewPlot("Anomaly score distribution", "Anomaly score", "Clips");
        foreach (bool anomaly in new[] { false, true })
        {
            var counts = new double[binCount];
            foreach (double s in scores.Of(anomaly))
            {
                // The top edge belongs to the last bin.
                counts[Math.Min(binCount - 1, (int)((s - min) / width))]++;
            }

            var bars = plot.Add.Bars(centres, counts);
            var color = anomaly ? PlotDefaults.Anomaly : PlotDefaults.Normal;
            foreach (var bar in bars.Bars)
            {
                bar.Size = width;
                bar.FillColor = color.WithAlpha(0.55);
                bar.LineWidth = 0;
            }

            bars.LegendText = anomaly ? $"Anomalous ({scores.AnomalyCount} clips)" : $"Normal ({scores.NormalCount} clips)";
        }

        AddThresholdLine(plot, threshold, thresholdMethod);
        plot.Axes.Margins(bottom: 0);
        WholeClipTicks(plot);
        PlotDefaults.ShowLegend(plot);
        return plot;
    }

    /// <summary>
    /// False positives (normal clips above the threshold) and false negatives (anomalous clips at or below it) as the
    /// threshold sweeps the score range, with their sum, and the chosen threshold marked.
    /// </summary>
    public static Plot ErrorsAgainstThreshold(LabelledScores scores, double threshold, string? thresholdMethod = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        CheckThreshold(threshold);

        // The counts change only at observed scores; one point per distinct score (plus one below all of them) drawn
        // as a step that holds until the next score is exact.
        double[] distinct = scores.Scores.Distinct().Order().ToArray();
        double below = distinct[0] - Math.Max(1e-9, 0.02 * (distinct[^1] - distinct[0]));
        double[] ts = [below, .. distinct];
        double[] normal = scores.Of(false), anomalous = scores.Of(true);
        double[] fp = ts.Select(t => (double)normal.Count(s => DecisionRule.IsAnomalous(s, t))).ToArray();
        double[] fn = ts.Select(t => (double)anomalous.Count(s => !DecisionRule.IsAnomalous(s, t))).ToArray();
        double[] total = fp.Zip(fn, (a, b) => a + b).ToArray();

        var plot = PlotDefaults.NewPlot("Errors against the threshold", "Threshold (anomaly score)", "Clips");
        AddStep(plot, ts, fp, PlotDefaults.Normal, $"False positives (of {scores.NormalCount} normal)", LinePattern.Solid);
        AddStep(plot, ts, fn, PlotDefaults.Anomaly, $"False negatives (of {scores.AnomalyCount} anomalous)", LinePattern.Solid);
        AddStep(plot, ts, total, Colors.Gray, "All errors", LinePattern.Dotted);

        var at = BinaryMetrics.At(scores.IsAnomaly.ToArray(), scores.Scores.ToArray(), threshold);
        AddThresholdLine(plot, threshold, thresholdMethod, $"FP {at.FalsePositives}, FN {at.FalseNegatives}");
        var marks = plot.Add.ScatterPoints(new[] { threshold, threshold }, new double[] { at.FalsePositives, at.FalseNegatives }, PlotDefaults.Threshold);
        marks.MarkerSize = 9;
        WholeClipTicks(plot);
        PlotDefaults.ShowLegend(plot, Alignment.UpperCenter);
        return plot;
    }

    /// <summary>
    /// Every test clip's score against its index, coloured by true label, with the threshold line and the region
    /// above it (judged anomalous) shaded.
    /// </summary>
    public static Plot ScoresByClip(LabelledScores scores, double threshold, string? thresholdMethod = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        CheckThreshold(threshold);

        double top = Math.Max(scores.Scores.Max(), threshold);
        double bottom = Math.Min(scores.Scores.Min(), threshold);
        double pad = Math.Max(1e-9, 0.05 * (top - bottom));

        var plot = PlotDefaults.NewPlot("Anomaly score of every test clip", "Clip index", "Anomaly score");
        var band = plot.Add.VerticalSpan(threshold, top + pad, PlotDefaults.Anomaly.WithAlpha(0.10));
        band.LineWidth = 0;
        band.LegendText = "Judged anomalous (score > threshold)";
        foreach (bool anomaly in new[] { false, true })
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < scores.Scores.Count; i++)
            {
                if (scores.IsAnomaly[i] == anomaly)
                {
                    xs.Add(i);
                    ys.Add(scores.Scores[i]);
                }
            }

            var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), anomaly ? PlotDefaults.Anomaly : PlotDefaults.Normal);
            points.MarkerSize = 6;
            points.MarkerShape = anomaly ? MarkerShape.FilledTriangleUp : MarkerShape.FilledCircle;
            points.LegendText = anomaly ? "Anomalous clip" : "Normal clip";
        }

        var line = plot.Add.HorizontalLine(threshold, 2, PlotDefaults.Threshold, LinePattern.Dashed);
        line.LegendText = ThresholdLegend(threshold, thresholdMethod);
        plot.Axes.SetLimits(-1, scores.Scores.Count, bottom - pad, top + pad);
        PlotDefaults.ShowLegend(plot, Alignment.UpperLeft);
        return plot;
    }

    /// <summary>
    /// The ROC curve with the AUC in the legend, the chance diagonal, and the partial-AUC region (FPR up to the
    /// curve's bound) shaded under the curve.
    /// </summary>
    public static Plot Roc(RocCurveData roc, string title = "ROC curve")
    {
        ArgumentNullException.ThrowIfNull(roc);
        double[] fpr = roc.FalsePositiveRates.ToArray(), tpr = roc.TruePositiveRates.ToArray();
        double bound = roc.MaxFalsePositiveRate;

        var plot = PlotDefaults.NewPlot(title, "False-positive rate", "True-positive rate");
        var span = plot.Add.HorizontalSpan(0, bound, Colors.Gray.WithAlpha(0.12));
        span.LineWidth = 0;

        // The area that the partial AUC measures: under the curve, left of the bound.
        var region = new List<Coordinates> { new(0, 0) };
        for (int i = 0; i < fpr.Length && fpr[i] <= bound; i++)
        {
            region.Add(new Coordinates(fpr[i], tpr[i]));
        }

        region.Add(new Coordinates(bound, InterpolateLinear(fpr, tpr, bound)));
        region.Add(new Coordinates(bound, 0));
        var fill = plot.Add.Polygon(region.ToArray());
        fill.FillColor = PlotDefaults.Accent.WithAlpha(0.35);
        fill.LineWidth = 0;
        fill.LegendText = $"pAUC region, FPR ≤ {PlotDefaults.Format(bound)} (pAUC = {PlotDefaults.Format(roc.PartialAuc, "0.000")})";

        var chance = plot.Add.ScatterLine(new double[] { 0, 1 }, new double[] { 0, 1 }, Colors.Gray);
        chance.LinePattern = LinePattern.Dashed;
        chance.LegendText = "Chance (AUC = 0.5)";
        var curve = plot.Add.ScatterLine(fpr, tpr, PlotDefaults.Normal);
        curve.LineWidth = 2.5f;
        curve.LegendText = $"ROC (AUC = {PlotDefaults.Format(roc.Auc, "0.000")})";

        plot.Axes.SetLimits(-0.01, 1.01, -0.01, 1.01);
        PlotDefaults.ShowLegend(plot, Alignment.LowerRight);
        return plot;
    }

    /// <summary>
    /// The confusion matrix as a 2 x 2 heat map: true class down the side (normal, anomaly), predicted class across,
    /// each cell showing its count and its share of the true class.
    /// </summary>
    public static Plot ConfusionMatrix(BinaryMetrics counts, string title = "Confusion matrix")
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Total == 0)
        {
            throw new ArgumentException("The confusion matrix is empty (no clips were counted).", nameof(counts));
        }

        // Row 0 (top) is the true normal class, as in sklearn's layout. Colour shows each cell's share of its true
        // class, so a small anomaly class is read as clearly as a large normal one.
        int[,] cells = { { counts.TrueNegatives, counts.FalsePositives }, { counts.FalseNegatives, counts.TruePositives } };
        var shares = new double[2, 2];
        for (int r = 0; r < 2; r++)
        {
            int rowTotal = cells[r, 0] + cells[r, 1];
            for (int c = 0; c < 2; c++)
            {
                shares[r, c] = rowTotal == 0 ? 0 : (double)cells[r, c] / rowTotal;
            }
        }

        var plot = PlotDefaults.NewPlot(title, "Predicted class (% of each true class)", "True class");
        var heatmap = plot.Add.Heatmap(shares);
        // ScottPlot's Blues runs from dark to light; reversed, more means darker.
        heatmap.Colormap = new ScottPlot.Colormaps.Reversed(new ScottPlot.Colormaps.Blues());
        heatmap.Extent = new CoordinateRect(-0.5, 1.5, -0.5, 1.5);
        heatmap.ManualRange = new ScottPlot.Range(0, 1);

        string[] names = ["normal", "anomaly"];
        for (int r = 0; r < 2; r++)
        {
            int rowTotal = cells[r, 0] + cells[r, 1];
            for (int c = 0; c < 2; c++)
            {
                string share = rowTotal == 0 ? "" : $"\n{PlotDefaults.Format(100.0 * shares[r, c], "0.0")} %";
                var text = plot.Add.Text($"{cells[r, c]}{share}", c, 1 - r);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = 22;
                text.LabelBold = true;
                // Dark text on light cells, white on dark ones.
                text.LabelFontColor = shares[r, c] > 0.5 ? Colors.White : Colors.Black;
            }
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual([0, 1], names);
        plot.Axes.Left.TickGenerator = new NumericManual([1, 0], names);
        plot.Axes.Bottom.TickLabelStyle.FontSize = PlotDefaults.LabelSize;
        plot.Axes.Left.TickLabelStyle.FontSize = PlotDefaults.LabelSize;
        plot.HideGrid();
        plot.Axes.SetLimits(-0.5, 1.5, -0.5, 1.5);
        return plot;
    }

    /// <summary>
    /// Loss per epoch (epochs counted from 1) for training and, when given, validation; the validation F1 per epoch on
    /// a right-hand axis from 0 to 1 when given; and a mark on the kept epoch. Without a kept epoch the mark falls on
    /// the lowest validation loss.
    /// </summary>
    /// <param name="trainLoss">Training loss per epoch.</param>
    /// <param name="validationLoss">Validation loss per epoch; null for none.</param>
    /// <param name="title">The plot's title.</param>
    /// <param name="lossName">The loss axis label.</param>
    /// <param name="validationF1">Validation F1 per epoch; null for none.</param>
    /// <param name="keptEpoch">
    /// The epoch whose weights were kept, from 1 (a classifier keeps its best validation F1, which need not be its lowest
    /// validation loss); null marks the lowest validation loss instead.
    /// </param>
    /// <exception cref="ArgumentException">No epochs, a non-finite value, or a series of a different length.</exception>
    public static Plot TrainingCurves(IReadOnlyList<double> trainLoss, IReadOnlyList<double>? validationLoss = null,
        string title = "Training curves", string lossName = "Loss", IReadOnlyList<double>? validationF1 = null, int? keptEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(trainLoss);
        if (trainLoss.Count == 0)
        {
            throw new ArgumentException("There are no epochs to plot.", nameof(trainLoss));
        }

        PlotDefaults.CheckFinite(trainLoss, nameof(trainLoss));
        CheckEpochSeries(trainLoss.Count, validationLoss, "validation losses", nameof(validationLoss));
        CheckEpochSeries(trainLoss.Count, validationF1, "validation F1 values", nameof(validationF1));
        if (keptEpoch is int kept && (kept < 1 || kept > trainLoss.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(keptEpoch), kept, $"The kept epoch must be one of the {trainLoss.Count} epochs plotted (from 1).");
        }

        double[] epochs = Enumerable.Range(1, trainLoss.Count).Select(e => (double)e).ToArray();
        var plot = PlotDefaults.NewPlot(title, "Epoch", lossName);
        var train = plot.Add.Scatter(epochs, trainLoss.ToArray(), PlotDefaults.Normal);
        train.LineWidth = 2;
        train.MarkerSize = 5;
        train.LegendText = $"Training {lossName.ToLowerInvariant()}";
        if (validationLoss is not null)
        {
            var validation = plot.Add.Scatter(epochs, validationLoss.ToArray(), PlotDefaults.Anomaly);
            validation.LineWidth = 2;
            validation.MarkerSize = 5;
            validation.LegendText = $"Validation {lossName.ToLowerInvariant()}";
        }

        if (validationF1 is not null)
        {
            var f1 = plot.Add.Scatter(epochs, validationF1.ToArray(), PlotDefaults.Accent);
            f1.LineWidth = 2;
            f1.MarkerSize = 5;
            f1.MarkerShape = MarkerShape.FilledSquare;
            f1.LegendText = "Validation F1 (right axis)";
            f1.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "Validation F1";
            plot.Axes.Right.Label.FontSize = PlotDefaults.LabelSize;
            plot.Axes.Right.TickLabelStyle.FontSize = plot.Axes.Left.TickLabelStyle.FontSize;
            plot.Axes.SetLimitsY(0, 1.02, plot.Axes.Right);
        }

        if (keptEpoch is int k)
        {
            var mark = plot.Add.VerticalLine(k, 2, Colors.Black, LinePattern.Dashed);
            var details = new List<string>();
            if (validationF1 is not null)
            {
                details.Add($"validation F1 {PlotDefaults.Format(validationF1[k - 1], "0.000")}");
            }

            if (validationLoss is not null)
            {
                details.Add($"loss {PlotDefaults.Format(validationLoss[k - 1], "G4")}");
            }

            mark.LegendText = $"Kept epoch {k}" + (details.Count == 0 ? "" : $" ({string.Join(", ", details)})");
        }
        else if (validationLoss is not null)
        {
            int best = 0;
            for (int i = 1; i < validationLoss.Count; i++)
            {
                best = validationLoss[i] < validationLoss[best] ? i : best;
            }

            var mark = plot.Add.VerticalLine(best + 1, 1.5f, Colors.Gray, LinePattern.Dashed);
            mark.LegendText = $"Lowest validation loss: epoch {best + 1} ({PlotDefaults.Format(validationLoss[best], "G4")})";
        }

        // Integer epochs only: a tick at 2.5 epochs means nothing.
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        // Below the axes: the F1 curve climbs into the top corners, where a legend inside would hide it.
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = 13;
        return plot;
    }

    private static void CheckEpochSeries(int epochs, IReadOnlyList<double>? values, string what, string name)
    {
        if (values is null)
        {
            return;
        }

        if (values.Count != epochs)
        {
            throw new ArgumentException($"{epochs} training losses but {values.Count} {what}; give one of each per epoch.", name);
        }

        PlotDefaults.CheckFinite(values, name);
    }

    private static void AddStep(Plot plot, double[] xs, double[] ys, Color color, string label, LinePattern pattern)
    {
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = 2;
        line.LinePattern = pattern;
        line.LegendText = label;
    }

    /// <summary>The vertical axis counts clips: a tick at half a clip means nothing.</summary>
    private static void WholeClipTicks(Plot plot) =>
        plot.Axes.Left.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };

    private static void AddThresholdLine(Plot plot, double threshold, string? method, string? extra = null)
    {
        var line = plot.Add.VerticalLine(threshold, 2, PlotDefaults.Threshold, LinePattern.Dashed);
        line.LegendText = ThresholdLegend(threshold, method) + (extra is null ? "" : $": {extra}");
    }

    private static string ThresholdLegend(double threshold, string? method) =>
        $"Threshold {PlotDefaults.Format(threshold, "G4")}" + (string.IsNullOrWhiteSpace(method) ? "" : $" ({method})");

    /// <summary>The TPR the curve reaches at <paramref name="x"/>, interpolating linearly as the trapezoidal AUC does.</summary>
    private static double InterpolateLinear(double[] fpr, double[] tpr, double x)
    {
        for (int i = 1; i < fpr.Length; i++)
        {
            if (fpr[i] >= x)
            {
                double span = fpr[i] - fpr[i - 1];
                return span <= 0 ? tpr[i] : tpr[i - 1] + ((tpr[i] - tpr[i - 1]) * (x - fpr[i - 1]) / span);
            }
        }

        return tpr[^1];
    }

    private static void CheckThreshold(double threshold)
    {
        if (!double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be finite.");
        }
    }
}
