using Auscult.Features;
using Auscult.Torch.Models;

namespace Auscult.Torch.Tests;

/// <summary>A tiny preset and small structured log-mel clips, so that tests train in well under a second.</summary>
internal static class TinyData
{
    public static AutoencoderPreset Preset(int epochs = 5) => new()
    {
        Name = "tiny",
        Features = FeatureOptions.Dcase2020 with { MelBandCount = 8, ContextFrames = 3 },
        HiddenLayers = [16],
        Bottleneck = 4,
        BatchNorm = true,
        Epochs = epochs,
        BatchSize = 32,
    };

    /// <summary>
    /// Clips whose frames follow a smooth spectral shape with a slow periodic modulation plus noise: learnable, and
    /// different from <see cref="Anomalous"/>.
    /// </summary>
    public static FeatureMatrix[] Normal(int clips, int frames = 40, int mels = 8, int seed = 1)
    {
        var random = new Random(seed);
        var result = new FeatureMatrix[clips];
        for (int c = 0; c < clips; c++)
        {
            var clip = new FeatureMatrix(frames, mels);
            for (int t = 0; t < frames; t++)
            {
                double level = Math.Sin(t * 0.3);
                for (int m = 0; m < mels; m++)
                {
                    clip[t, m] = (float)(-2 + (0.5 * m / mels) + level + ((random.NextDouble() - 0.5) * 0.2));
                }
            }

            result[c] = clip;
        }

        return result;
    }

    /// <summary>A clip unlike the normal ones: a different spectral tilt and loud random bands.</summary>
    public static FeatureMatrix Anomalous(int frames = 40, int mels = 8, int seed = 99)
    {
        var random = new Random(seed);
        var clip = new FeatureMatrix(frames, mels);
        for (int t = 0; t < frames; t++)
        {
            for (int m = 0; m < mels; m++)
            {
                clip[t, m] = (float)(1 - (0.5 * m) + (random.NextDouble() * 3));
            }
        }

        return clip;
    }
}
