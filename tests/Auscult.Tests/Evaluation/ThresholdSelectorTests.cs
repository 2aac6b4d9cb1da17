using Auscult.Evaluation;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Evaluation;

public class ThresholdSelectorTests
{
    // Scores 0.1 ... 0.8; the clip at 0.5 is the first anomaly, 0.6 a normal between anomalies.
    // At threshold t (anomalous when score > t): FP 4 3 2 1 1 0 0 0, FN 0 0 0 0 1 1 2 3,
    // F1 .6 .667 .75 .857 .667 .8 .5 0, Youden J .2 .4 .6 .8 .467 .667 .333 0 (checked with scikit-learn).
    private static readonly bool[] Labels = [false, false, false, false, true, false, true, true];
    private static readonly double[] Scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

    [Fact]
    public void EqualErrors_ExactEquality_ReturnsCentreOfItsInterval()
    {
        // FP = FN = 1 only at t = 0.5; every t in [0.5, 0.6) classifies alike.
        var choice = ThresholdSelector.EqualErrors(Labels, Scores);
        Assert.Equal(0.55, choice.Threshold, 12);
        Assert.Equal(ThresholdMethod.EqualErrors, choice.Method);
        Assert.Equal(1, choice.Parameters["falsePositives"]);
        Assert.Equal(1, choice.Parameters["falseNegatives"]);
    }

    [Fact]
    public void EqualErrors_NoExactEquality_ReturnsCentreOfTheMinimisingRun()
    {
        // A normal and an anomaly tie at 2, so FP - FN jumps from +1 (t = 1) to -1 (t = 2): both minimise |FP - FN|,
        // the run of thresholds is [1, 3) and its centre is 2.
        var choice = ThresholdSelector.EqualErrors([false, false, true, true], [1, 2, 2, 3]);
        Assert.Equal(2.0, choice.Threshold);
    }

    [Fact]
    public void MaxF1_PicksBestF1Interval()
    {
        var choice = ThresholdSelector.MaxF1(Labels, Scores);
        Assert.Equal(0.45, choice.Threshold, 12);
        Assert.Equal(6.0 / 7, choice.Parameters["f1"], 12);
        Assert.Equal(6.0 / 7, BinaryMetrics.At(Labels, Scores, choice.Threshold).F1, 12);
    }

    [Fact]
    public void YoudenJ_PicksMaxTprMinusFpr()
    {
        var choice = ThresholdSelector.YoudenJ(Labels, Scores);
        Assert.Equal(0.45, choice.Threshold, 12);
        Assert.Equal(0.8, choice.Parameters["youdenJ"], 12);
    }

    [Fact]
    public void YoudenJ_DiffersFromMaxF1_WhenNormalsOutnumberAnomalies()
    {
        // 20 normals at 0, 0.02, ..., 0.38; anomalies at 0.5, 0.8, 0.9; normals at 0.55 and 0.6. Catching the 0.5
        // anomaly costs two false alarms out of 22 normals: J gains (0.909 at t = 0.38 against 0.667 at t = 0.6) but
        // F1 loses (0.75 against 0.8). Checked with scikit-learn.
        var labels = new List<bool>();
        var scores = new List<double>();
        for (int i = 0; i < 20; i++)
        {
            labels.Add(false);
            scores.Add(i * 0.02);
        }

        labels.AddRange([true, true, true, false, false]);
        scores.AddRange([0.9, 0.8, 0.5, 0.6, 0.55]);
        var f1 = ThresholdSelector.MaxF1(labels.ToArray(), scores.ToArray());
        var j = ThresholdSelector.YoudenJ(labels.ToArray(), scores.ToArray());
        Assert.Equal((0.6 + 0.8) / 2, f1.Threshold, 12);
        Assert.Equal(0.8, f1.Parameters["f1"], 12);
        Assert.Equal(((19 * 0.02) + 0.5) / 2, j.Threshold, 12);
        Assert.Equal(1 - (2.0 / 22), j.Parameters["youdenJ"], 12);
    }

    [Fact]
    public void Percentile_UsesNumpysLinearRule()
    {
        // numpy.percentile([3, 1, 7, 2, 10], q) for q = 0, 10, 25, 50, 90, 95, 100, 33.3.
        double[] data = [3, 1, 7, 2, 10];
        double[] q = [0, 10, 25, 50, 90, 95, 100, 33.3];
        double[] expected = [1.0, 1.4, 2.0, 3.0, 8.8, 9.399999999999999, 10.0, 2.332];
        for (int i = 0; i < q.Length; i++)
        {
            Approx.AssertClose(expected[i], ThresholdSelector.Percentile(data, q[i]).Threshold, 0, 1e-15);
        }
    }

    [Fact]
    public void Percentile_RecordsItsParameter()
    {
        var choice = ThresholdSelector.Percentile([1.0, 2.0], 75);
        Assert.Equal(ThresholdMethod.Percentile, choice.Method);
        Assert.Equal(75, choice.Parameters["percentile"]);
        Assert.Equal(1.75, choice.Threshold);
    }

    [Fact]
    public void Fixed_ReturnsTheValue()
    {
        var choice = ThresholdSelector.Fixed(3.25);
        Assert.Equal(3.25, choice.Threshold);
        Assert.Equal(ThresholdMethod.Fixed, choice.Method);
    }

    [Fact]
    public void Select_DispatchesOnTheMethod()
    {
        double[] training = [1, 2, 3, 4, 5];
        Assert.Equal(ThresholdSelector.Percentile(training, 80), ThresholdSelector.Select(ThresholdMethod.Percentile, 80, training), ChoiceComparer);
        Assert.Equal(7.5, ThresholdSelector.Select(ThresholdMethod.Fixed, 7.5, training).Threshold);
        var maxF1 = ThresholdSelector.Select(ThresholdMethod.MaxF1, double.NaN, training, Labels, Scores);
        Assert.Equal((ThresholdMethod.MaxF1, 0.45), (maxF1.Method, Math.Round(maxF1.Threshold, 12)));
        Assert.Equal(ThresholdMethod.YoudenJ, ThresholdSelector.Select(ThresholdMethod.YoudenJ, 0, training, Labels, Scores).Method);
        Assert.Equal(0.55, ThresholdSelector.Select(ThresholdMethod.EqualErrors, 0, training, Labels, Scores).Threshold, 12);
    }

    [Fact]
    public void ValidationMethods_NeedBothClasses() =>
        Assert.ThrowsAny<AuscultException>(() => ThresholdSelector.MaxF1([false, false], [0.1, 0.2]));

    // Records compare their parameter dictionaries by reference; compare threshold, method and parameters by value.
    private static readonly IEqualityComparer<ThresholdChoice> ChoiceComparer = EqualityComparer<ThresholdChoice>.Create(
        (a, b) => a!.Threshold == b!.Threshold && a.Method == b.Method && a.Parameters.OrderBy(p => p.Key).SequenceEqual(b.Parameters.OrderBy(p => p.Key)),
        c => c.Threshold.GetHashCode());
}
