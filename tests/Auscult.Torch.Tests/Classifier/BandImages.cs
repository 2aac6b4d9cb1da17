using Auscult.Features;
using Auscult.Torch.Classifier;

namespace Auscult.Torch.Tests.Classifier;

/// <summary>
/// An easy image task for the classifier: noisy log-mel-like matrices, where an anomalous one carries a bright
/// horizontal band (a tone) two mel bands wide at a random height. Tiny, so a network learns it in seconds.
/// </summary>
internal static class BandImages
{
    public const int Frames = 32;
    public const int Mels = 16;

    /// <summary>A network small enough to train in well under a second per epoch on these images.</summary>
    public static ClassifierConfig Tiny(double learningRate = 3e-3, int timePooling = 1) => new([4, 8], timePooling, learningRate, Dropout: 0.1);

    public static ClassifierOptions Options(int seed = 0, int maxEpochs = 15) => new()
    {
        Seed = seed,
        MaxEpochs = maxEpochs,
        Patience = maxEpochs,
        BatchSize = 8,
    };

    /// <summary><paramref name="normal"/> clips of class 0, then for each anomaly class c, <paramref name="anomalous"/> clips whose band sits in the c-th part of the spectrum.</summary>
    public static (FeatureMatrix[] Clips, int[] Classes) Make(int normal, int anomalous, int seed = 1, int anomalyClasses = 1, int frames = Frames)
    {
        var random = new Random(seed);
        var clips = new List<FeatureMatrix>();
        var classes = new List<int>();
        for (int i = 0; i < normal; i++)
        {
            clips.Add(Noise(random, frames));
            classes.Add(0);
        }

        for (int c = 1; c <= anomalyClasses; c++)
        {
            int region = (Mels - 2) / anomalyClasses;
            for (int i = 0; i < anomalous; i++)
            {
                var clip = Noise(random, frames);
                int band = ((c - 1) * region) + random.Next(region);
                for (int t = 0; t < frames; t++)
                {
                    clip[t, band] += 3;
                    clip[t, band + 1] += 3;
                }

                clips.Add(clip);
                classes.Add(c);
            }
        }

        return ([.. clips], [.. classes]);
    }

    private static FeatureMatrix Noise(Random random, int frames)
    {
        var clip = new FeatureMatrix(frames, Mels);
        for (int i = 0; i < clip.Data.Length; i++)
        {
            clip.Data[i] = (float)(-4 + random.NextDouble() + random.NextDouble() - (0.05 * (i % Mels)));
        }

        return clip;
    }
}
