using Auscult.Evaluation;

namespace Auscult.Tests.Evaluation;

public class RocCurveTests
{
    private static readonly bool[] Labels = [false, false, true, true, false, true];
    private static readonly double[] Scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4];

    [Fact]
    public void Compute_MatchesSklearnRocCurve()
    {
        // sklearn 1.2 roc_curve: fpr [0, 0, 2/3, 2/3, 1], tpr [0, 1/3, 2/3, 1, 1], thresholds [1.8, 0.8, 0.4, 0.35, 0.1]
        // (1.3+ puts inf first instead of max + 1).
        var curve = RocCurve.Compute(Labels, Scores);
        Assert.Equal([0, 0, 2.0 / 3, 2.0 / 3, 1], curve.FalsePositiveRates);
        Assert.Equal([0, 1.0 / 3, 2.0 / 3, 1, 1], curve.TruePositiveRates);
        Assert.Equal([double.PositiveInfinity, 0.8, 0.4, 0.35, 0.1], curve.Thresholds);
    }

    [Fact]
    public void Compute_DropIntermediate_RemovesCollinearPointsOnly()
    {
        // Scores 4 > 3 > 2 > 1 with labels 1, 1, 0, 0: the point at 2, (fpr 0.5, tpr 1), lies on the top edge
        // between the corner at 3 and the end at 1. sklearn: thresholds [5, 4, 3, 1] (1.2's max + 1 first).
        bool[] labels = [true, true, false, false];
        double[] scores = [4, 3, 2, 1];
        var all = RocCurve.Compute(labels, scores, dropIntermediate: false);
        var dropped = RocCurve.Compute(labels, scores);
        Assert.Equal([double.PositiveInfinity, 4, 3, 2, 1], all.Thresholds);
        Assert.Equal([double.PositiveInfinity, 4, 3, 1], dropped.Thresholds);
        Assert.Equal([0, 0, 0, 1], dropped.FalsePositiveRates);
        Assert.Equal([0, 0.5, 1, 1], dropped.TruePositiveRates);
    }

    [Fact]
    public void Compute_AlternatingLabels_KeepsEveryStaircasePoint()
    {
        // Every point is a corner; sklearn returns all seven.
        var curve = RocCurve.Compute([true, false, true, false, true, false], [6, 5, 4, 3, 2, 1]);
        Assert.Equal(7, curve.Thresholds.Count);
    }

    [Fact]
    public void Compute_TiedScores_FormOnePoint()
    {
        var curve = RocCurve.Compute([true, false, true, false], [1, 1, 1, 1]);
        Assert.Equal([0, 1], curve.FalsePositiveRates);
        Assert.Equal([0, 1], curve.TruePositiveRates);
    }
}
