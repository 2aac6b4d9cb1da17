using Auscult.Features;

namespace Auscult.Torch.Benchmarks;

/// <summary>Log-mel matrices of realistic shape and range (a stationary spectrum plus noise), for timing only.</summary>
internal static class SyntheticLogMel
{
    public static FeatureMatrix[] Clips(int count, int frames, int mels, int seed)
    {
        var random = new Random(seed);
        var spectrum = new float[mels];
        for (int m = 0; m < mels; m++)
        {
            spectrum[m] = -20f - (40f * m / mels) + (float)(random.NextDouble() * 10);
        }

        var clips = new FeatureMatrix[count];
        for (int c = 0; c < count; c++)
        {
            var clip = new FeatureMatrix(frames, mels);
            for (int t = 0; t < frames; t++)
            {
                for (int m = 0; m < mels; m++)
                {
                    clip[t, m] = spectrum[m] + (float)((random.NextDouble() - 0.5) * 6);
                }
            }

            clips[c] = clip;
        }

        return clips;
    }
}
