using Auscult.Evaluation;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Evaluation;

public class ScoreAggregateTests
{
    [Fact]
    public void Compute_PerGroupAucAndMeans()
    {
        // Group a: perfect (AUC 1, pAUC 1). Group b: AUC 0.5 (one of two pairs ordered), pAUC by sklearn.
        ScoredClip[] clips =
        [
            new("c", "b", false, 0.2), new("c", "b", true, 0.1), new("c", "b", false, 0.05), new("c", "b", true, 0.9),
            new("c", "a", false, 0.1), new("c", "a", true, 0.9),
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
        var error = Assert.ThrowsAny<AuscultException>(() => ScoreAggregate.Compute([new("c", "fan/id_00", false, 1.0), new("c", "fan/id_00", false, 2.0)]));
        Assert.Contains("fan/id_00", error.Message);
    }
}
