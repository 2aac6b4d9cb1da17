using Auscult.Features;
using Auscult.Torch.Bundles;
using Auscult.Torch.Classifier;
using Auscult.Torch.Models;
using Auscult.Torch.Training;

namespace Auscult.Torch.Tests.Fuzzing;

/// <summary>Valid bundles to mutate: a tiny autoencoder and a tiny classifier, each trained in about a second.</summary>
internal static class SeedBundles
{
    /// <summary>The saved bytes of a tiny autoencoder bundle (8 mels x 3 frames, one hidden layer of 16, batch norm).</summary>
    public static byte[] Autoencoder(string folder)
    {
        var preset = new AutoencoderPreset
        {
            Name = "tiny",
            Features = FeatureOptions.Dcase2020 with { MelBandCount = 8, ContextFrames = 3 },
            HiddenLayers = [16],
            Bottleneck = 4,
            BatchNorm = true,
            Epochs = 3,
            BatchSize = 32,
        };
        using var trained = new AutoencoderTrainer(preset, seed: 3).Train(Clips(4, 40, 8, new Random(1)));
        var threshold = new ThresholdSpec(2.5, "gamma-quantile", new Dictionary<string, double> { ["quantile"] = 0.9 });
        var summary = new TrainingDataSummary(4, trained.VectorCount, "fan", "id_00", ScoreDistribution.FromScores([1.0, 2.0, 3.0]));
        return Save(ModelBundle.Create(trained.Model, summary, threshold), folder, "seed-autoencoder.auscult");
    }

    /// <summary>The saved bytes of a tiny two-block classifier bundle (16 mels, normal against a bright band).</summary>
    public static byte[] Classifier(string folder)
    {
        const int mels = 16;
        var random = new Random(2);
        var clips = Clips(16, 32, mels, random);
        var classes = new int[clips.Length];
        for (int c = 8; c < clips.Length; c++)
        {
            classes[c] = 1;
            int band = random.Next(mels - 1);
            for (int t = 0; t < clips[c].Rows; t++)
            {
                clips[c][t, band] += 3;
                clips[c][t, band + 1] += 3;
            }
        }

        var options = new ClassifierOptions { Seed = 1, MaxEpochs = 2, Patience = 2, BatchSize = 8 };
        using var model = new ClassifierTrainer(options).Train(clips, classes, new ClassifierConfig([4, 8], 1, 3e-3, Dropout: 0.1));
        return Save(ModelBundle.Create(model, FeatureOptions.Dcase2020 with { MelBandCount = mels }, "fan", "id_00"), folder, "seed-classifier.auscult");
    }

    /// <summary>A deterministic clip to score with a bundle of <paramref name="mels"/> bands needing <paramref name="minimumFrames"/>.</summary>
    public static FeatureMatrix Clip(int mels, int minimumFrames) => Clips(1, Math.Max(40, minimumFrames), mels, new Random(7))[0];

    private static FeatureMatrix[] Clips(int count, int frames, int mels, Random random)
    {
        var clips = new FeatureMatrix[count];
        for (int c = 0; c < count; c++)
        {
            clips[c] = new FeatureMatrix(frames, mels);
            for (int i = 0; i < clips[c].Data.Length; i++)
            {
                clips[c].Data[i] = (float)(-3 + Math.Sin(i * 0.3) + (random.NextDouble() * 0.5));
            }
        }

        return clips;
    }

    private static byte[] Save(ModelBundle bundle, string folder, string name)
    {
        string path = Path.Combine(folder, name);
        bundle.Save(path);
        return File.ReadAllBytes(path);
    }
}
