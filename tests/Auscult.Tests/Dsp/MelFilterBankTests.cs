using Auscult.Dsp;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Dsp;

public class MelFilterBankTests
{
    [SharedTheory]
    [InlineData(64)]
    [InlineData(128)]
    public void ToDense_MatchesLibrosaGolden(int bands)
    {
        string name = $"mel_filterbank_sr16000_nfft1024_nmels{bands}";
        Assert.Equal(new[] { bands, 513 }, Golden.Shape(name));
        float[] expected = Golden.Values(name);

        var bank = new MelFilterBank(16000, 1024, bands, 0, 8000, MelScale.Slaney, MelNormalization.Slaney);

        Approx.AssertClose(expected, bank.ToDense(), 1e-12, 1e-6);
    }

    [Fact]
    public void Apply_EqualsDenseProduct()
    {
        var bank = new MelFilterBank(16000, 1024, 40, 50, 7000, MelScale.Htk, MelNormalization.Slaney);
        var random = new Random(3);
        var power = Enumerable.Range(0, bank.BinCount).Select(_ => (float)random.NextDouble()).ToArray();
        float[] dense = bank.ToDense();
        var expected = new float[bank.BandCount];
        for (int b = 0; b < bank.BandCount; b++)
        {
            double sum = 0;
            for (int k = 0; k < bank.BinCount; k++)
            {
                sum += dense[(b * bank.BinCount) + k] * power[k];
            }

            expected[b] = (float)sum;
        }

        var mel = new float[bank.BandCount];
        bank.Apply(power, mel);

        Approx.AssertClose(expected, mel, 1e-9, 1e-5);
    }

    [Theory]
    [InlineData(MelScale.Slaney)]
    [InlineData(MelScale.Htk)]
    public void Bands_WithoutNormalisation_PeakNearTheirCentreFrequencyAtMostOne(MelScale scale)
    {
        const int sampleRate = 16000, fftSize = 2048, bands = 32;
        var bank = new MelFilterBank(sampleRate, fftSize, bands, 0, 8000, scale, MelNormalization.None);
        double[] edges = MelFilterBank.MelFrequencies(bands + 2, 0, 8000, scale);
        double binHz = (double)sampleRate / fftSize;

        for (int b = 0; b < bands; b++)
        {
            ReadOnlySpan<float> w = bank.BandWeights(b);
            int peak = bank.FirstBin(b) + w.IndexOf(TensorMax(w));
            Assert.True(Math.Abs((peak * binHz) - edges[b + 1]) <= binHz, $"band {b} peaks at bin {peak}, centre {edges[b + 1]} Hz");
            Assert.True(TensorMax(w) <= 1f);
            // Non-zero only strictly between the lower and upper edges.
            Assert.True(bank.FirstBin(b) * binHz > edges[b]);
            Assert.True((bank.FirstBin(b) + w.Length - 1) * binHz < edges[b + 2]);
        }
    }

    private static float TensorMax(ReadOnlySpan<float> values) => System.Numerics.Tensors.TensorPrimitives.Max(values);

    [Fact]
    public void SlaneyNormalisation_GivesEachBandAreaTwoOverWidth()
    {
        var plain = new MelFilterBank(16000, 1024, 64, 0, 8000, MelScale.Slaney, MelNormalization.None);
        var slaney = new MelFilterBank(16000, 1024, 64, 0, 8000, MelScale.Slaney, MelNormalization.Slaney);
        double[] edges = MelFilterBank.MelFrequencies(66, 0, 8000, MelScale.Slaney);
        for (int b = 0; b < 64; b++)
        {
            double factor = 2.0 / (edges[b + 2] - edges[b]);
            float[] expected = [.. plain.BandWeights(b).ToArray().Select(w => (float)(w * factor))];
            Approx.AssertClose(expected, slaney.BandWeights(b), 0, 1e-6);
        }
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(500.0, 7.5)]
    [InlineData(1000.0, 15.0)]
    [InlineData(6400.0, 42.0)] // 15 + ln(6.4) / (ln(6.4) / 27)
    public void HzToMel_Slaney_IsLinearBelowOneKilohertzAndLogAbove(double hz, double mel)
    {
        Approx.AssertClose(mel, MelFilterBank.HzToMel(hz, MelScale.Slaney), 1e-12);
        Approx.AssertClose(hz, MelFilterBank.MelToHz(mel, MelScale.Slaney), 1e-9);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(700.0, 781.1728387)] // 2595 log10(2)
    [InlineData(1000.0, 999.9855371)]
    public void HzToMel_Htk_Is2595Log10OnePlusHzOver700(double hz, double mel)
    {
        Approx.AssertClose(mel, MelFilterBank.HzToMel(hz, MelScale.Htk), 1e-6);
        Approx.AssertClose(hz, MelFilterBank.MelToHz(mel, MelScale.Htk), 1e-5);
    }

    [Fact]
    public void Scales_DifferAboveOneKilohertz()
    {
        double[] slaney = MelFilterBank.MelFrequencies(10, 0, 8000, MelScale.Slaney);
        double[] htk = MelFilterBank.MelFrequencies(10, 0, 8000, MelScale.Htk);
        Assert.Equal(8000, slaney[^1], 9);
        Assert.Equal(8000, htk[^1], 9);
        Assert.True(Math.Abs(slaney[5] - htk[5]) > 50);
    }
}
