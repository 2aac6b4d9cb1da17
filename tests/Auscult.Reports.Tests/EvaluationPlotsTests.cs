using Auscult.Evaluation;
using Auscult.Reports.Tests.TestSupport;
using ScottPlot.Plottables;

using Auscult.Tests.TestSupport;

namespace Auscult.Reports.Tests;

public sealed class EvaluationPlotsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly LabelledScores _scores = Synthetic.Scores(normal: 120, anomalous: 40);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ScoreHistogram_BarsCountEveryClipOfEachClass()
    {
        var plot = EvaluationPlots.ScoreHistogram(_scores, 11.5, "test");
        var bars = plot.GetPlottables<BarPlot>().ToArray();
        Assert.Equal(2, bars.Length);
        Assert.Equal(_scores.NormalCount, bars[0].Bars.Sum(b => b.Value));
        Assert.Equal(_scores.AnomalyCount, bars[1].Bars.Sum(b => b.Value));
        Assert.Contains("120", bars[0].LegendText);
        Assert.Equal(11.5, plot.GetPlottables<VerticalLine>().Single().X);
    }

    [Fact]
    public void ScoreHistogram_LegendShowsThresholdAndMethod()
    {
        var plot = EvaluationPlots.ScoreHistogram(_scores, 11.5, "gamma 90th percentile");
        string legend = plot.GetPlottables<VerticalLine>().Single().LegendText;
        Assert.Contains("11.5", legend);
        Assert.Contains("gamma 90th percentile", legend);
    }

    [Fact]
    public void ScoreHistogram_FewClips_CountAxisHasOnlyWholeClipTicks()
    {
        // 3 normal and 2 anomalous clips over 40 bins: the tallest bar is 1 or 2 clips, where automatic ticks would
        // fall on 0.5 and 1.5 clips.
        var plot = EvaluationPlots.ScoreHistogram(Synthetic.Scores(normal: 3, anomalous: 2), 11.5);
        PlotImage.ToPng(plot);
        AssertWholeNumberTicks(plot.Axes.Left);
    }

    [Fact]
    public void ErrorsAgainstThreshold_FewClips_CountAxisHasOnlyWholeClipTicks()
    {
        var plot = EvaluationPlots.ErrorsAgainstThreshold(new LabelledScores([1, 2, 3], [false, true, true]), 2);
        PlotImage.ToPng(plot);
        AssertWholeNumberTicks(plot.Axes.Left);
    }

    private static void AssertWholeNumberTicks(ScottPlot.IAxis axis)
    {
        var ticks = axis.TickGenerator.Ticks.Where(t => t.IsMajor && axis.Range.Contains(t.Position)).ToArray();
        Assert.NotEmpty(ticks);
        Assert.All(ticks, t => Assert.True(t.Position == Math.Round(t.Position), $"A tick at {t.Position} clips ('{t.Label}')."));
    }

    [Fact]
    public void ScoreHistogram_AllScoresEqual_StillRenders()
    {
        var scores = new LabelledScores([2, 2, 2, 2], [false, true, false, true]);
        using var bitmap = ImageAssert.Png(PlotImage.ToPng(EvaluationPlots.ScoreHistogram(scores, 2)), 1000, 500);
    }

    [Fact]
    public void ErrorsAgainstThreshold_MarksTheCountsAtTheThreshold()
    {
        const double threshold = 11.2;
        int fp = 0, fn = 0;
        for (int i = 0; i < _scores.Scores.Count; i++)
        {
            fp += !_scores.IsAnomaly[i] && _scores.Scores[i] > threshold ? 1 : 0;
            fn += _scores.IsAnomaly[i] && _scores.Scores[i] <= threshold ? 1 : 0;
        }

        var plot = EvaluationPlots.ErrorsAgainstThreshold(_scores, threshold);
        var marks = plot.GetPlottables<Scatter>().Last().Data.GetScatterPoints();
        Assert.Equal([fp, fn], marks.Select(p => p.Y));
        Assert.Contains($"FP {fp}, FN {fn}", plot.GetPlottables<VerticalLine>().Single().LegendText);
    }

    [Fact]
    public void ErrorsAgainstThreshold_CurvesRunFromAllFalsePositivesToAllFalseNegatives()
    {
        var curves = EvaluationPlots.ErrorsAgainstThreshold(_scores, 11).GetPlottables<Scatter>().ToArray();
        var fp = curves[0].Data.GetScatterPoints();
        var fn = curves[1].Data.GetScatterPoints();
        Assert.Equal(_scores.NormalCount, fp[0].Y);
        Assert.Equal(0, fp[^1].Y);
        Assert.Equal(0, fn[0].Y);
        Assert.Equal(_scores.AnomalyCount, fn[^1].Y);
    }

    [Fact]
    public void ScoresByClip_PlotsEveryClipAtItsIndexByLabel()
    {
        var plot = EvaluationPlots.ScoresByClip(_scores, 11.5);
        var points = plot.GetPlottables<Scatter>().ToArray();
        var normal = points[0].Data.GetScatterPoints();
        var anomalous = points[1].Data.GetScatterPoints();
        Assert.Equal(_scores.NormalCount, normal.Count);
        Assert.Equal(_scores.AnomalyCount, anomalous.Count);
        Assert.All(anomalous, p => Assert.True(_scores.IsAnomaly[(int)p.X]));
        Assert.All(normal, p => Assert.Equal(_scores.Scores[(int)p.X], p.Y));
        Assert.Equal(11.5, plot.GetPlottables<HorizontalLine>().Single().Y);
        Assert.Equal(11.5, plot.GetPlottables<VerticalSpan>().Single().Bottom);
    }

    [Fact]
    public void Roc_LegendHasAucAndShadesOnlyUpToTheBound()
    {
        var plot = EvaluationPlots.Roc(Synthetic.Roc(_scores, auc: 0.9123, partialAuc: 0.7456));
        var curve = plot.GetPlottables<Scatter>().Last();
        Assert.Contains("AUC = 0.912", curve.LegendText);
        var region = plot.GetPlottables<Polygon>().Single();
        Assert.Contains("pAUC = 0.746", region.LegendText);
        Assert.Equal(0.1, region.Coordinates.Max(c => c.X), 12);
        var span = plot.GetPlottables<HorizontalSpan>().Single();
        Assert.Equal((0, 0.1), (span.Left, span.Right));
    }

    [Fact]
    public void Roc_WritesPngAndSvg()
    {
        var plot = EvaluationPlots.Roc(Synthetic.Roc(_scores));
        PlotImage.Save(plot, _folder.Combine("roc.png"), 700, 600);
        PlotImage.Save(plot, _folder.Combine("roc.svg"), 700, 600);
        using var bitmap = ImageAssert.PngFile(_folder.Combine("roc.png"), 700, 600);
        ImageAssert.SvgFile(_folder.Combine("roc.svg"), 700, 600);
    }

    [Fact]
    public void RocCurveData_DecreasingFalsePositiveRate_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new RocCurveData([0, 0.5, 0.4, 1], [0, 0.5, 0.6, 1], 0.5, 0.5));
    }

    [Fact]
    public void RocCurveData_MismatchedLengths_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => new RocCurveData([0, 0.5, 1], [0, 1], 0.5, 0.5));
        Assert.Contains("3 false-positive rates but 2 true-positive rates", error.Message);
    }

    [Fact]
    public void ConfusionMatrix_WritesCountsAndShareInTheRightCells()
    {
        var plot = EvaluationPlots.ConfusionMatrix(new BinaryMetrics(TrueNegatives: 90, FalsePositives: 10, FalseNegatives: 5, TruePositives: 15));
        var cells = plot.GetPlottables<Text>().ToDictionary(t => (t.Location.X, t.Location.Y), t => t.LabelText);
        // x = predicted (0 normal, 1 anomaly); y = true (1 normal at the top, 0 anomaly).
        Assert.StartsWith("90\n90.0 %", cells[(0, 1)]);
        Assert.StartsWith("10\n10.0 %", cells[(1, 1)]);
        Assert.StartsWith("5\n25.0 %", cells[(0, 0)]);
        Assert.StartsWith("15\n75.0 %", cells[(1, 0)]);
        Assert.Equal("True class", plot.Axes.Left.Label.Text);
        Assert.StartsWith("Predicted class", plot.Axes.Bottom.Label.Text);
        using var bitmap = ImageAssert.Png(PlotImage.ToPng(plot, 560, 460), 560, 460);
    }

    [Fact]
    public void ConfusionMatrix_NoClips_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => EvaluationPlots.ConfusionMatrix(new BinaryMetrics(0, 0, 0, 0)));
    }

    [Fact]
    public void TrainingCurves_MarksTheEpochOfLowestValidationLoss()
    {
        double[] train = [5, 3, 2, 1.5, 1.2, 1.0];
        double[] validation = [5.5, 3.4, 2.6, 2.2, 2.4, 2.9];
        var plot = EvaluationPlots.TrainingCurves(train, validation);
        var best = plot.GetPlottables<VerticalLine>().Single();
        Assert.Equal(4, best.X);
        Assert.Contains("epoch 4", best.LegendText);
        var first = plot.GetPlottables<Scatter>().First().Data.GetScatterPoints();
        Assert.Equal(1, first[0].X);
        Assert.Equal(6, first[^1].X);
        using var bitmap = ImageAssert.Png(PlotImage.ToPng(plot), 1000, 500);
    }

    [Fact]
    public void TrainingCurves_WithKeptEpoch_MarksTheKeptEpochNotTheLowestValidationLoss()
    {
        // As in issue #10: the lowest validation loss is at epoch 3, the best validation F1 (the kept epoch) at 5.
        double[] train = [5, 3, 2, 1.5, 1.2, 1.0];
        double[] validation = [5.5, 3.4, 2.2, 2.4, 2.6, 2.9];
        double[] f1 = [0.2, 0.5, 0.7, 0.75, 0.9, 0.85];
        var plot = EvaluationPlots.TrainingCurves(train, validation, validationF1: f1, keptEpoch: 5);
        var kept = plot.GetPlottables<VerticalLine>().Single();
        Assert.Equal(5, kept.X);
        Assert.Contains("Kept epoch 5", kept.LegendText);
        Assert.Contains("F1 0.900", kept.LegendText);
        Assert.DoesNotContain("Lowest validation loss", string.Join("|", plot.GetPlottables().Select(p => p.LegendItems.FirstOrDefault()?.LabelText)));
        using var bitmap = ImageAssert.Png(PlotImage.ToPng(plot), 1000, 500);
    }

    [Fact]
    public void TrainingCurves_WithValidationF1_DrawsItOnTheRightAxis()
    {
        double[] f1 = [0.2, 0.5, 0.9];
        var plot = EvaluationPlots.TrainingCurves([3, 2, 1], [3.5, 2.5, 2], validationF1: f1, keptEpoch: 3);
        var series = plot.GetPlottables<Scatter>().Single(s => s.LegendText.Contains("F1", StringComparison.Ordinal));
        Assert.Same(plot.Axes.Right, series.Axes.YAxis);
        Assert.Equal(f1, series.Data.GetScatterPoints().Select(p => p.Y));
    }

    [Fact]
    public void TrainingCurves_KeptEpochOutsideTheEpochs_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationPlots.TrainingCurves([3, 2, 1], keptEpoch: 4));
    }

    [Fact]
    public void TrainingCurves_F1OfOtherLength_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => EvaluationPlots.TrainingCurves([3, 2, 1], validationF1: [0.5, 0.6]));
    }

    [Fact]
    public void TrainingCurves_ValidationOfOtherLength_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => EvaluationPlots.TrainingCurves([3, 2, 1], [3, 2]));
    }

    [Fact]
    public void TrainingCurves_NoEpochs_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => EvaluationPlots.TrainingCurves([]));
    }

    [Fact]
    public void TrainingCurves_NaNLoss_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => EvaluationPlots.TrainingCurves([3, double.NaN]));
        Assert.Contains("trainLoss[1]", error.Message);
    }

    [Fact]
    public void LabelledScores_MismatchedLengths_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => new LabelledScores([1, 2, 3], [false, true]));
        Assert.Contains("3 scores but 2 labels", error.Message);
    }

    [Fact]
    public void LabelledScores_Empty_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new LabelledScores([], []));
    }

    [Fact]
    public void LabelledScores_OneClassOnly_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new LabelledScores([1, 2], [false, false]));
    }

    [Fact]
    public void EvaluationPlots_NonFiniteThreshold_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationPlots.ScoresByClip(_scores, double.NaN));
    }
}
