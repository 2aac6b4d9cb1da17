using Auscult.Evaluation;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Evaluation;

public class RocAucTests
{
    // Golden metric cases: 4 in index.json (checked by Golden_HasFourMetricCases so a vanishing case is noticed).
    public static TheoryData<int> Cases => [0, 1, 2, 3];

    [SharedFact]
    public void Golden_HasFourMetricCases() => Assert.Equal(4, GoldenMetrics.MetricCaseCount);

    [SharedTheory]
    [MemberData(nameof(Cases))]
    public void Compute_MatchesSklearnRocAucScore(int index)
    {
        var item = GoldenMetrics.MetricCase(index);
        double auc = RocAuc.Compute(GoldenMetrics.Labels(item), GoldenMetrics.Doubles(item, "scores"));
        Approx.AssertClose(item.GetProperty("auc").GetDouble(), auc, 1e-9);
    }

    [SharedTheory]
    [MemberData(nameof(Cases))]
    public void Partial_MatchesSklearnRocAucScoreMaxFpr(int index)
    {
        var item = GoldenMetrics.MetricCase(index);
        double pauc = RocAuc.Partial(GoldenMetrics.Labels(item), GoldenMetrics.Doubles(item, "scores"), 0.1);
        Approx.AssertClose(item.GetProperty("pauc_max_fpr_0.1").GetDouble(), pauc, 1e-9);
    }

    [Fact]
    public void Compute_PerfectSeparation_IsOne() =>
        Assert.Equal(1.0, RocAuc.Compute([false, false, true, true], [0.1, 0.2, 0.3, 0.9]));

    [Fact]
    public void Compute_InvertedScores_IsZero() =>
        Assert.Equal(0.0, RocAuc.Compute([true, true, false, false], [0.1, 0.2, 0.3, 0.9]));

    [Fact]
    public void Compute_AllScoresEqual_IsOneHalf() =>
        Assert.Equal(0.5, RocAuc.Compute([true, false, false, true, false], [2.0, 2.0, 2.0, 2.0, 2.0]));

    [Fact]
    public void Compute_TiesCountOneHalf()
    {
        // sklearn: roc_auc_score([0,0,1,1,0,1], [0.1,0.4,0.35,0.8,0.4,0.4]) = 0.6666666666666667.
        // By pairs: anomaly 0.35 beats 1 of 3 normals, 0.8 beats 3, 0.4 beats 1 and ties 2: (1 + 3 + 1 + 1) / 9.
        double auc = RocAuc.Compute([false, false, true, true, false, true], [0.1, 0.4, 0.35, 0.8, 0.4, 0.4]);
        Approx.AssertClose(6.0 / 9, auc, 1e-15);
    }

    [Fact]
    public void Partial_WithTies_MatchesSklearn()
    {
        // sklearn: roc_auc_score(..., max_fpr=0.5) = 0.6388888888888888.
        double pauc = RocAuc.Partial([false, false, true, true, false, true], [0.1, 0.4, 0.35, 0.8, 0.4, 0.4], 0.5);
        Approx.AssertClose(0.6388888888888888, pauc, 1e-15);
    }

    [Fact]
    public void Partial_PerfectSeparation_IsOne_AndInverted_IsTheMcClishFloor()
    {
        Assert.Equal(1.0, RocAuc.Partial([false, false, true, true], [0.1, 0.2, 0.3, 0.9]), 12);

        // Zero partial area standardises to 0.5 * (1 - 0.005 / 0.095) = 9/19, not 0 (sklearn agrees).
        Assert.Equal(9.0 / 19, RocAuc.Partial([true, true, false, false], [0.1, 0.2, 0.3, 0.9]), 12);
    }

    [Fact]
    public void Partial_AllScoresEqual_IsOneHalf() =>
        Assert.Equal(0.5, RocAuc.Partial([true, false, true, false], [1.0, 1.0, 1.0, 1.0]), 12);

    [Fact]
    public void Partial_MaxFprOne_IsTheWholeArea() =>
        Assert.Equal(RocAuc.Compute([false, true, false, true], [0.3, 0.2, 0.1, 0.9]),
            RocAuc.Partial([false, true, false, true], [0.3, 0.2, 0.1, 0.9], 1.0));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Partial_MaxFprOutsideUnitInterval_Throws(double maxFpr) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RocAuc.Partial([false, true], [0.0, 1.0], maxFpr));

    [Fact]
    public void Compute_SingleClass_SaysBothClassesAreNeeded()
    {
        var error = Assert.ThrowsAny<AuscultException>(() => RocAuc.Compute([false, false, false], [0.1, 0.2, 0.3]));
        Assert.Contains("both normal and anomalous", error.Message);
        Assert.Contains("all 3 clips are normal", error.Message);
    }

    [Fact]
    public void Compute_NaNScore_Throws() =>
        Assert.ThrowsAny<AuscultException>(() => RocAuc.Compute([false, true], [double.NaN, 1.0]));

    [Fact]
    public void Compute_LengthMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => RocAuc.Compute([false, true, true], [0.0, 1.0]));
}
