using System.Text.Json;
using Auscult.Evaluation;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Evaluation;

public class BinaryMetricsTests
{
    public static TheoryData<int> Cases => [0, 1, 2, 3];

    [SharedTheory]
    [MemberData(nameof(Cases))]
    public void At_MatchesSklearnAtGoldenThreshold(int index)
    {
        JsonElement item = GoldenMetrics.MetricCase(index);
        var metrics = BinaryMetrics.At(GoldenMetrics.Labels(item), GoldenMetrics.Doubles(item, "scores"),
            item.GetProperty("threshold").GetDouble());

        var confusion = item.GetProperty("confusion_matrix_[[tn,fp],[fn,tp]]");
        Assert.Equal(confusion[0][0].GetInt32(), metrics.TrueNegatives);
        Assert.Equal(confusion[0][1].GetInt32(), metrics.FalsePositives);
        Assert.Equal(confusion[1][0].GetInt32(), metrics.FalseNegatives);
        Assert.Equal(confusion[1][1].GetInt32(), metrics.TruePositives);
        Approx.AssertClose(item.GetProperty("precision").GetDouble(), metrics.Precision, 1e-9);
        Approx.AssertClose(item.GetProperty("recall").GetDouble(), metrics.Recall, 1e-9);
        Approx.AssertClose(item.GetProperty("f1").GetDouble(), metrics.F1, 1e-9);
        Approx.AssertClose(item.GetProperty("accuracy").GetDouble(), metrics.Accuracy, 1e-9);
    }

    [Fact]
    public void At_ScoreEqualToThreshold_IsDecidedNormal()
    {
        var metrics = BinaryMetrics.At([true, false], [0.5, 0.5], 0.5);
        Assert.Equal(new BinaryMetrics(TrueNegatives: 1, FalsePositives: 0, FalseNegatives: 1, TruePositives: 0), metrics);
    }

    [Fact]
    public void DerivedFigures_FromCounts()
    {
        var m = new BinaryMetrics(TrueNegatives: 6, FalsePositives: 2, FalseNegatives: 1, TruePositives: 3);
        Assert.Equal(3.0 / 5, m.Precision, 15);
        Assert.Equal(3.0 / 4, m.Recall, 15);
        Assert.Equal(6.0 / 9, m.F1, 15);
        Assert.Equal(9.0 / 12, m.Accuracy, 15);
        Assert.Equal(6.0 / 8, m.Specificity, 15);
        Assert.Equal(2.0 / 8, m.FalsePositiveRate, 15);
        Assert.Equal(6.0 / 7, m.NormalPrecision, 15);
        Assert.Equal(6.0 / 8, m.NormalRecall, 15);
        Assert.Equal(12.0 / 15, m.NormalF1, 15);
        Assert.Equal(3.0 / 4, m.NormalSpecificity, 15);
    }

    [Fact]
    public void ZeroDenominators_GiveZero_AsSklearnsDefault()
    {
        // No alarms at all: precision 0/0 and F1 0/0 (sklearn returns 0 with a warning).
        var m = BinaryMetrics.At([false, false], [0.1, 0.2], 1.0);
        Assert.Equal(0, m.Precision);
        Assert.Equal(0, m.Recall);
        Assert.Equal(0, m.F1);
        Assert.Equal(1, m.Accuracy);
        Assert.Equal(1, m.Specificity);
    }

    [Fact]
    public void NegativeCount_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryMetrics(1, -1, 0, 0));
}
