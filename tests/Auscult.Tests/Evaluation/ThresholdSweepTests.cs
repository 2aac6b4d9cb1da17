using Auscult.Evaluation;

namespace Auscult.Tests.Evaluation;

public class ThresholdSweepTests
{
    [Fact]
    public void Compute_CountsEveryDistinctThresholdAscending()
    {
        var sweep = ThresholdSweep.Compute(
            [false, false, false, false, true, false, true, true], [0.4, 0.2, 0.3, 0.1, 0.5, 0.6, 0.7, 0.8]);
        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], sweep.Thresholds);
        Assert.Equal([4, 3, 2, 1, 1, 0, 0, 0], sweep.FalsePositives);
        Assert.Equal([0, 0, 0, 0, 1, 1, 2, 3], sweep.FalseNegatives);
        Assert.Equal([3, 3, 3, 3, 2, 2, 1, 0], sweep.TruePositives);
        Assert.Equal([1, 2, 3, 4, 4, 5, 5, 5], sweep.TrueNegatives);
    }

    [Fact]
    public void Compute_TiesShareOneThreshold_AndAgreeWithBinaryMetrics()
    {
        bool[] labels = [true, false, true, false, false];
        double[] scores = [2, 2, 1, 3, 1];
        var sweep = ThresholdSweep.Compute(labels, scores);
        Assert.Equal([1.0, 2.0, 3.0], sweep.Thresholds);
        for (int k = 0; k < sweep.Count; k++)
        {
            Assert.Equal(BinaryMetrics.At(labels, scores, sweep.Thresholds[k]), sweep.MetricsAt(k));
        }
    }
}
