using Auscult.Torch.Classifier;

namespace Auscult.Torch.Tests.Classifier;

public sealed class SpectrogramAugmenterTests
{
    private const int Frames = 10;
    private const int Mels = 4;

    private static float[] Ramp() => [.. Enumerable.Range(0, Frames * Mels).Select(i => (float)(i + 1))];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(-2)]
    [InlineData(13)]
    public void Roll_MovesWholeFramesCircularly(int shift)
    {
        var image = Ramp();
        SpectrogramAugmenter.Roll(image, Frames, Mels, shift);
        var original = Ramp();
        for (int t = 0; t < Frames; t++)
        {
            int to = (((t + shift) % Frames) + Frames) % Frames;
            Assert.Equal(original.AsSpan(t * Mels, Mels).ToArray(), image.AsSpan(to * Mels, Mels).ToArray());
        }
    }

    [Fact]
    public void Augment_KeepsLengthAndMasksWholeFramesAndBands()
    {
        var options = new AugmentationOptions { TimeRoll = false, TimeMasks = 1, MaxTimeMaskFraction = 0.5, FrequencyMasks = 1, MaxFrequencyMaskFraction = 0.5 };
        var random = new Random(5);
        bool sawTimeMask = false, sawBandMask = false;
        for (int trial = 0; trial < 20; trial++)
        {
            var image = Ramp();
            SpectrogramAugmenter.Augment(image, Frames, Mels, options, random);
            Assert.Equal(Frames * Mels, image.Length);

            // Every value is either untouched or zero (the ramp has no zeros), and zeros form whole frames or bands.
            var original = Ramp();
            for (int i = 0; i < image.Length; i++)
            {
                Assert.True(image[i] == original[i] || image[i] == 0);
            }

            var zeroFrames = Enumerable.Range(0, Frames).Where(t => image.AsSpan(t * Mels, Mels).ToArray().All(v => v == 0)).ToList();
            var zeroBands = Enumerable.Range(0, Mels).Where(m => Enumerable.Range(0, Frames).All(t => image[(t * Mels) + m] == 0)).ToList();
            for (int i = 0; i < image.Length; i++)
            {
                if (image[i] == 0)
                {
                    Assert.True(zeroFrames.Contains(i / Mels) || zeroBands.Contains(i % Mels), $"value {i} zeroed outside a mask");
                }
            }

            Assert.True(zeroFrames.Count <= Frames / 2 || zeroBands.Count > 0);
            sawTimeMask |= zeroFrames.Count > 0 && zeroFrames.Count < Frames;
            sawBandMask |= zeroBands.Count > 0 && zeroBands.Count < Mels;
        }

        Assert.True(sawTimeMask && sawBandMask);
    }

    [Fact]
    public void Augment_IsSeeded()
    {
        var options = new AugmentationOptions { TimeMasks = 2, FrequencyMasks = 2, MaxTimeMaskFraction = 0.3, MaxFrequencyMaskFraction = 0.5 };
        float[] Run(int seed)
        {
            var image = Ramp();
            SpectrogramAugmenter.Augment(image, Frames, Mels, options, new Random(seed));
            return image;
        }

        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void None_LeavesTheImageAlone()
    {
        var image = Ramp();
        SpectrogramAugmenter.Augment(image, Frames, Mels, AugmentationOptions.None, new Random(1));
        Assert.Equal(Ramp(), image);
    }

    [Fact]
    public void Mix_BlendsLinearly()
    {
        float[] a = [1, 2, 3];
        SpectrogramAugmenter.Mix(a, [3, 2, 1], 0.25f);
        Assert.Equal([2.5f, 2f, 1.5f], a);
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(2.0)]
    public void SampleBeta_HasTheBetaMeanAndVariance(double alpha)
    {
        var random = new Random(3);
        var samples = Enumerable.Range(0, 20_000).Select(_ => SpectrogramAugmenter.SampleBeta(alpha, random)).ToArray();
        Assert.All(samples, s => Assert.InRange(s, 0, 1));
        double mean = samples.Average();
        double variance = samples.Sum(s => (s - mean) * (s - mean)) / samples.Length;
        Assert.InRange(mean, 0.49, 0.51);
        Assert.InRange(variance, 0.9 / (4 * ((2 * alpha) + 1)), 1.1 / (4 * ((2 * alpha) + 1)));
    }
}
