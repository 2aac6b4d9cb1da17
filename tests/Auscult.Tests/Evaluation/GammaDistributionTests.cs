using Auscult.Evaluation;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Evaluation;

public class GammaDistributionTests
{
    [SharedFact]
    public void Fit_MatchesScipyGammaFit()
    {
        var item = GoldenMetrics.GammaCase;
        double[] expected = GoldenMetrics.Doubles(item, "scipy_gamma_fit_shape_loc_scale");
        var fit = GammaDistribution.Fit(GoldenMetrics.Doubles(item, "train_scores"));
        Approx.AssertClose(expected[0], fit.Shape, 0, 1e-3);
        Approx.AssertClose(expected[1], fit.Location, 1e-3 * expected[2]);
        Approx.AssertClose(expected[2], fit.Scale, 0, 1e-3);
    }

    [SharedFact]
    public void GammaThreshold_MatchesScipyPpfOfFit()
    {
        var item = GoldenMetrics.GammaCase;
        var choice = ThresholdSelector.Gamma(GoldenMetrics.Doubles(item, "train_scores"));
        Approx.AssertClose(item.GetProperty("ppf_0.9").GetDouble(), choice.Threshold, 0, 1e-3);
        Assert.Equal(ThresholdMethod.Gamma, choice.Method);
        Assert.Equal(0.9, choice.Parameters["quantile"]);
    }

    [SharedFact]
    public void Fit_FollowsScipysNelderMeadPath()
    {
        // Stricter than the 1e-3 contract: the starting point and every simplex step are scipy's, so the fit stops
        // where scipy's stops (agreement measured at ~1e-13), not merely near the same optimum.
        var item = GoldenMetrics.GammaCase;
        double[] expected = GoldenMetrics.Doubles(item, "scipy_gamma_fit_shape_loc_scale");
        var fit = GammaDistribution.Fit(GoldenMetrics.Doubles(item, "train_scores"));
        Approx.AssertClose(expected[0], fit.Shape, 0, 1e-9);
        Approx.AssertClose(expected[1], fit.Location, 0, 1e-9);
        Approx.AssertClose(expected[2], fit.Scale, 0, 1e-9);
        Approx.AssertClose(item.GetProperty("ppf_0.9").GetDouble(), fit.Quantile(0.9), 0, 1e-9);
    }

    [SharedFact]
    public void FitWithFixedLocation_MatchesScipyGammaFitFloc0()
    {
        var item = GoldenMetrics.GammaCase;
        double[] expected = GoldenMetrics.Doubles(item, "floc0_fit_shape_loc_scale");
        var fit = GammaDistribution.FitWithFixedLocation(GoldenMetrics.Doubles(item, "train_scores"));
        Approx.AssertClose(expected[0], fit.Shape, 0, 1e-9);
        Assert.Equal(0, fit.Location);
        Approx.AssertClose(expected[2], fit.Scale, 0, 1e-9);
    }

    [Fact]
    public void Quantile_IsLocationPlusScaleTimesStandardQuantile()
    {
        // scipy.stats.gamma.ppf(0.9, 3.1165593728864076, loc=-1, scale=2) = -1 + 2 * 5.483714661892306.
        var gamma = new GammaDistribution(3.1165593728864076, -1, 2);
        Approx.AssertClose(-1 + (2 * 5.483714661892306), gamma.Quantile(0.9), 0, 1e-12);
        Approx.AssertClose(0.9, gamma.Cdf(gamma.Quantile(0.9)), 0, 1e-12);
    }

    [Fact]
    public void LogDensity_ShapeOne_IsExponential()
    {
        var exponential = new GammaDistribution(1, 0.5, 2);
        Approx.AssertClose(Math.Log(0.5 * Math.Exp(-1.5)), exponential.LogDensity(3.5), 0, 1e-14);
        Assert.Equal(double.NegativeInfinity, exponential.LogDensity(0.25));
    }

    [Fact]
    public void Fit_RecoversParametersOfALargeSample()
    {
        // Quantiles of gamma(4, loc 1, scale 0.5) at evenly spaced probabilities: a "sample" without randomness.
        var truth = new GammaDistribution(4, 1, 0.5);
        double[] data = Enumerable.Range(0, 2000).Select(i => truth.Quantile((i + 0.5) / 2000)).ToArray();
        var fit = GammaDistribution.Fit(data);
        Approx.AssertClose(truth.Quantile(0.9), fit.Quantile(0.9), 0, 5e-3);
    }

    [Fact]
    public void Fit_IdenticalValues_Throws() =>
        Assert.ThrowsAny<AuscultException>(() => GammaDistribution.Fit([2.0, 2.0, 2.0]));
}
