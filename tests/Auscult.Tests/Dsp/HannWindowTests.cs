using Auscult.Dsp;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Dsp;

public class HannWindowTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(1024)]
    public void Periodic_IsSymmetricAboutHalfLength(int n)
    {
        float[] w = HannWindow.Periodic(n);

        // Periodic: w[i] == w[n - i] (the sample at n would be the next period's 0).
        Assert.Equal(0f, w[0]);
        Assert.Equal(1f, w[n / 2], 6);
        for (int i = 1; i < n; i++)
        {
            Approx.AssertClose(w[n - i], w[i], 1e-7);
        }
    }

    [Fact]
    public void Periodic_MatchesCosineFormula()
    {
        const int n = 1024;
        float[] w = HannWindow.Periodic(n);
        var expected = new float[n];
        for (int i = 0; i < n; i++)
        {
            expected[i] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / n)));
        }

        Approx.AssertClose(expected, w, 1e-7);
    }

    [Fact]
    public void Periodic_OfLengthFour_IsScipyValues()
    {
        // scipy.signal.get_window('hann', 4, fftbins=True) = [0, 0.5, 1, 0.5].
        Approx.AssertClose([0f, 0.5f, 1f, 0.5f], HannWindow.Periodic(4), 1e-7);
    }
}
