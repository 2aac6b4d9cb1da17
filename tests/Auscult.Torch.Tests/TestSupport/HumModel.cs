using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Tests.TestSupport;
using Auscult.Torch.Bundles;
using Auscult.Torch.Models;
using Auscult.Torch.Scoring;
using Auscult.Torch.Training;

namespace Auscult.Torch.Tests.TestSupport;

/// <summary>
/// The tiny autoencoder the test projects decide with (linked into them): trained in about a second on eight 1-s
/// <see cref="HumAudio"/> clips, with a fixed threshold at 1.5 times the highest training score, so a whining clip is
/// anomalous and a plain hum is normal.
/// </summary>
public static class HumModel
{
    /// <summary>Trains the model and saves its bundle at <paramref name="path"/> (machine type <c>fan</c>).</summary>
    public static void Save(string path, string? machineId = "id_00")
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
        FeatureMatrix[] normal = [.. Enumerable.Range(0, 8).Select(i => extractor.LogMel(HumAudio.Hum(seed: i)))];
        using var trained = new AutoencoderTrainer(preset, seed: 1).Train(normal);
        using var scorer = new AutoencoderScorer(trained.Model);
        double highest = normal.Max(c => scorer.Score(c).Score);
        var threshold = new ThresholdSpec(1.5 * highest, ThresholdMethod.Fixed, new Dictionary<string, double>());
        using var bundle = ModelBundle.Create(trained.Model, new TrainingDataSummary(normal.Length, trained.VectorCount, "fan", machineId, null), threshold);
        bundle.Save(path);
    }
}
