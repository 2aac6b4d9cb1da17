using Auscult.Dsp;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Dsp;

public class RealFftTests
{
    private static float[] RandomSignal(int n, int seed)
    {
        var random = new Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return x;
    }

    private static double[] NaiveDft(float[] x)
    {
        int n = x.Length;
        var result = new double[n + 2];
        for (int k = 0; k <= n / 2; k++)
        {
            double re = 0, im = 0;
            for (int i = 0; i < n; i++)
            {
                // Reduce k*i mod n first so the angle stays exact for large products.
                double angle = -2 * Math.PI * ((long)k * i % n) / n;
                re += x[i] * Math.Cos(angle);
                im += x[i] * Math.Sin(angle);
            }

            result[2 * k] = re;
            result[(2 * k) + 1] = im;
        }

        return result;
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(256)]
    [InlineData(1024)]
    [InlineData(4096)]
    public void Forward_OfRandomInput_EqualsNaiveDft(int n)
    {
        float[] x = RandomSignal(n, n);
        var fft = new RealFft(n);
        var output = new float[fft.OutputLength];

        fft.Forward(x, output);

        double[] expected = NaiveDft(x);
        // float32 error grows like sqrt(n) * log2(n) ulps of the signal's scale (|x| < 1, |X| ~ sqrt(n)).
        double tolerance = 2e-6 * Math.Sqrt(n) * Math.Log2(n);
        Approx.AssertClose([.. expected.Select(v => (float)v)], output, tolerance);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(256)]
    [InlineData(511)]
    public void Forward_OfBinCentredCosine_PeaksAtItsBin(int bin)
    {
        const int n = 1024;
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)Math.Cos(2 * Math.PI * bin * i / n);
        }

        var fft = new RealFft(n);
        var spectrum = new float[fft.OutputLength];
        var power = new float[fft.BinCount];
        fft.Forward(x, spectrum);
        RealFft.PowerSpectrum(spectrum, power);

        // A cosine of amplitude 1 at bin k gives X[k] = n / 2 and nothing elsewhere.
        Assert.Equal(bin, Array.IndexOf(power, power.Max()));
        Approx.AssertClose(n / 2.0, spectrum[2 * bin], 1e-3);
        for (int k = 0; k < power.Length; k++)
        {
            if (k != bin)
            {
                Assert.True(power[k] < 1e-6, $"bin {k} has power {power[k]}");
            }
        }
    }

    [Fact]
    public void Forward_SatisfiesParseval()
    {
        const int n = 1024;
        float[] x = RandomSignal(n, 7);
        var fft = new RealFft(n);
        var spectrum = new float[fft.OutputLength];
        var power = new float[fft.BinCount];
        fft.Forward(x, spectrum);
        RealFft.PowerSpectrum(spectrum, power);

        // sum |x|^2 = (1/n) sum over all n bins |X|^2; bins 1..n/2-1 appear twice (conjugate symmetry).
        double timeEnergy = x.Sum(v => (double)v * v);
        double frequencyEnergy = power[0] + power[n / 2];
        for (int k = 1; k < n / 2; k++)
        {
            frequencyEnergy += 2.0 * power[k];
        }

        Approx.AssertClose(timeEnergy, frequencyEnergy / n, 0, 1e-5);
    }

    [Fact]
    public void PowerSpectrum_WithExponentOne_IsMagnitude()
    {
        float[] spectrum = [3f, 4f, -6f, 8f];
        var magnitude = new float[2];
        var power = new float[2];
        RealFft.PowerSpectrum(spectrum, magnitude, 1f);
        RealFft.PowerSpectrum(spectrum, power, 2f);
        Approx.AssertClose([5f, 10f], magnitude, 1e-6);
        Approx.AssertClose([25f, 100f], power, 1e-5);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(12)]
    [InlineData(1000)]
    public void Constructor_RejectsSizesThatAreNotPowersOfTwoOfAtLeastFour(int n)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RealFft(n));
    }

    [Fact]
    public void Forward_RejectsWrongInputLength()
    {
        var fft = new RealFft(16);
        Assert.Throws<ArgumentException>(() => fft.Forward(new float[8], new float[18]));
    }
}
