using Auscult.Drift;
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
    /// <param name="path">Where the bundle goes.</param>
    /// <param name="machineId">The machine id the manifest names.</param>
    /// <param name="driftReference">
    /// Whether the bundle stores a drift reference: the training frames' band statistics and the model's scores of 12
    /// held-out hum clips (seeds 100 to 111), as <c>auscult train</c> stores them.
    /// </param>
    public static void Save(string path, string? machineId = "id_00", bool driftReference = false)
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
        var summary = new TrainingDataSummary(normal.Length, trained.VectorCount, "fan", machineId, null);
        if (driftReference)
        {
            double[] heldOut = [.. Enumerable.Range(100, 12).Select(i => scorer.Score(extractor.LogMel(HumAudio.Hum(seed: i))).Score)];
            summary = summary with
            {
                Bands = ModelBundle.BandStatisticsOf(normal, preset.Features.MelBandCount),
                DriftScores = new ReferenceScores(ReferenceScoreSource.HeldOutClips, ScoreDistribution.FromScores(heldOut)),
            };
        }

        using var bundle = ModelBundle.Create(trained.Model, summary, threshold);
        bundle.Save(path);
    }
}
