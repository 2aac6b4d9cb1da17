using Auscult.Features;
using Auscult.Torch.Bundles;
using Auscult.Torch.Models;
using Auscult.Torch.Scoring;
using Auscult.Torch.Training;

namespace Auscult.Server.Tests.TestSupport;

/// <summary>
/// One tiny autoencoder bundle for the whole test run (trained in about a second on 1-s hum clips, as the Detector's
/// own tests do), with a threshold between the normal and the whining clips.
/// </summary>
internal static class TestModel
{
    private static readonly Lazy<byte[]> Bundle = new(Train, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The bundle file's bytes.</summary>
    public static byte[] Bytes => Bundle.Value;

    /// <summary>The model id the service gives it: SHA-256 of the bytes.</summary>
    public static string Id => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Bytes));

    private static byte[] Train()
    {
        var preset = new AutoencoderPreset
        {
            Name = "tiny",
            Features = FeatureOptions.Dcase2020 with { MelBandCount = 8, ContextFrames = 3 },
            HiddenLayers = [16],
            Bottleneck = 4,
            BatchNorm = true,
            Epochs = 40,
            BatchSize = 32,
        };
        var extractor = new ClipFeatureExtractor(preset.Features);
        FeatureMatrix[] normal = [.. Enumerable.Range(0, 8).Select(i => extractor.LogMel(TestAudio.Hum(seed: i)))];
        using var trained = new AutoencoderTrainer(preset, seed: 1).Train(normal);
        using var scorer = new AutoencoderScorer(trained.Model);
        double highest = normal.Max(c => scorer.Score(c).Score);
        var threshold = new ThresholdSpec(1.5 * highest, Auscult.Evaluation.ThresholdMethod.Fixed, new Dictionary<string, double>());
        using var bundle = ModelBundle.Create(trained.Model, new TrainingDataSummary(normal.Length, trained.VectorCount, "fan", null, null), threshold);
        string folder = Directory.CreateTempSubdirectory("auscult-server-model-").FullName;
        try
        {
            string path = Path.Combine(folder, "fan.auscult");
            bundle.Save(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
