using Auscult.Evaluation;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Evaluation;

public class ScoreAggregateTests
{
    [Fact]
    public void Compute_PerGroupAucAndMeans()
    {
        // Group a: perfect (AUC 1, pAUC 1). Group b: AUC 0.5 (one of two pairs ordered), pAUC by sklearn.
        LabelledScore[] clips =
        [
            new("b", false, 0.2), new("b", true, 0.1), new("b", false, 0.05), new("b", true, 0.9),
            new("a", false, 0.1), new("a", true, 0.9),
        ];
        var aggregate = ScoreAggregate.Compute(clips);
        Assert.Equal(["a", "b"], aggregate.Groups.Select(g => g.Group));
        Assert.Equal(1.0, aggregate.Groups[0].Auc);
        Assert.Equal(0.75, aggregate.Groups[1].Auc);
        double pb = RocAuc.Partial([false, true, false, true], [0.2, 0.1, 0.05, 0.9]);
        Assert.Equal(pb, aggregate.Groups[1].PartialAuc);
        Approx.AssertClose((1 + 0.75) / 2, aggregate.ArithmeticMeanAuc, 1e-15);
        Approx.AssertClose(2 / (1 + (1 / 0.75)), aggregate.HarmonicMeanAuc, 1e-15);
        Approx.AssertClose(2 / (1 + (1 / pb)), aggregate.HarmonicMeanPartialAuc, 1e-15);
        Approx.AssertClose(4 / (1 + (1 / 0.75) + 1 + (1 / pb)), aggregate.OfficialScore, 1e-15);
        Assert.Equal(2, aggregate.Groups[1].NormalCount);
    }

    [Fact]
    public void HarmonicMean_WithAZero_IsZero() => Assert.Equal(0, ScoreAggregate.HarmonicMean([0.5, 0.0, 1.0]));

    [Fact]
    public void Compute_GroupWithOneClass_NamesTheGroup()
    {
        var error = Assert.ThrowsAny<AuscultException>(() => ScoreAggregate.Compute([new("fan/id_00", false, 1.0), new("fan/id_00", false, 2.0)]));
        Assert.Contains("fan/id_00", error.Message);
    }
}
