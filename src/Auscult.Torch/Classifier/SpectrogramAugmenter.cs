namespace Auscult.Torch.Classifier;

/// <summary>
/// The augmentations of <see cref="AugmentationOptions"/> on row-major [frames x mels] images in place. Every random
/// choice comes from the <see cref="Random"/> passed in, so a seeded generator gives the same augmentation.
/// </summary>
internal static class SpectrogramAugmenter
{
    /// <summary>Applies the roll and the masks the options switch on to one image.</summary>
    public static void Augment(Span<float> image, int frames, int mels, AugmentationOptions options, Random random)
    {
        if (options.TimeRoll)
        {
            Roll(image, frames, mels, random.Next(frames));
        }

        int maxTime = (int)(frames * options.MaxTimeMaskFraction);
        for (int k = 0; k < options.TimeMasks && maxTime > 0; k++)
        {
            int width = random.Next(maxTime + 1);
            int start = random.Next(frames - width + 1);
            image.Slice(start * mels, width * mels).Clear();
        }

        int maxBands = (int)(mels * options.MaxFrequencyMaskFraction);
        for (int k = 0; k < options.FrequencyMasks && maxBands > 0; k++)
        {
            int width = random.Next(maxBands + 1);
            int start = random.Next(mels - width + 1);
            for (int t = 0; t < frames; t++)
            {
                image.Slice((t * mels) + start, width).Clear();
            }
        }
    }

    /// <summary>Circular shift along time: frame t moves to (t + shift) mod frames.</summary>
    public static void Roll(Span<float> image, int frames, int mels, int shift)
    {
        shift = ((shift % frames) + frames) % frames;
        if (shift == 0)
        {
            return;
        }

        // Rotating the values right by shift * mels rolls whole frames; three reversals do it in place.
        image.Reverse();
        image[..(shift * mels)].Reverse();
        image[(shift * mels)..].Reverse();
    }

    /// <summary>Blends two images: <c>a = lambda * a + (1 - lambda) * b</c>.</summary>
    public static void Mix(Span<float> a, ReadOnlySpan<float> b, float lambda)
    {
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (lambda * a[i]) + ((1 - lambda) * b[i]);
        }
    }

    /// <summary>A Beta(alpha, alpha) sample, as X / (X + Y) of two Gamma(alpha) samples.</summary>
    public static double SampleBeta(double alpha, Random random)
    {
        double x = SampleGamma(alpha, random);
        double y = SampleGamma(alpha, random);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    // Marsaglia and Tsang (2000); shapes below 1 through Gamma(a) = Gamma(a + 1) * U^(1/a).
    private static double SampleGamma(double shape, Random random)
    {
        if (shape < 1)
        {
            return SampleGamma(shape + 1, random) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        }

        double d = shape - (1.0 / 3), c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            double u = 1 - random.NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
