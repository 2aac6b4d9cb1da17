using Auscult.Drift;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Drift;

public sealed class ScoreDistributionTests
{
    [Fact]
    public void FromScores_MatchesNumpyMeanStdAndLinearQuantiles()
    {
        // numpy: mean 3.0, std (ddof=0) sqrt(2), quantile(q=0.25) = 2.0, quantile(q=0.9) = 4.6.
        var d = ScoreDistribution.FromScores([5.0, 1.0, 3.0, 2.0, 4.0]);
        Assert.Equal(3.0, d.Mean);
        Approx.AssertClose(Math.Sqrt(2), d.StandardDeviation, 1e-12);
        Assert.Equal(1.0, d.Min);
        Assert.Equal(5.0, d.Max);
        Approx.AssertClose(2.0, d.Quantiles.Single(q => q.Probability == 0.25).Value, 1e-12);
        Approx.AssertClose(4.6, d.Quantiles.Single(q => q.Probability == 0.9).Value, 1e-12);
    }
}
