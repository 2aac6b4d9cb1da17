using System.Globalization;
using Auscult.Audio;
using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Scoring;
using Auscult.Tests.TestSupport;
using Auscult.Torch.Bundles;
using Auscult.Torch.Detection;
using Auscult.Torch.Models;
using Auscult.Torch.Scoring;
using Auscult.Torch.Tests.Bundles;
using Auscult.Torch.Tests.Fuzzing;
using Auscult.Torch.Tests.TestSupport;
using Auscult.Torch.Training;

namespace Auscult.Torch.Tests.Managed;

/// <summary>
/// The managed forward pass (<see cref="ManagedAutoencoder"/>, <see cref="ManagedDetector"/>) against TorchSharp's
/// (<see cref="AutoencoderScorer"/>, <see cref="Detector"/>): the same scores within 1e-4 relative and the same
/// decisions, on synthetic clips and on the real clips of ../shared when present.
/// </summary>
public sealed class ManagedAutoencoderTests(SeedFixture seeds) : IClassFixture<SeedFixture>, IDisposable
{
    private const double RelativeTolerance = 1e-4;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void HumModel_ManagedDecisions_MatchTorchSharpDecisions()
    {
        string path = Path.Combine(_temp.Path, "hum.auscult");
        HumModel.Save(path);
        using var torch = Detector.Load(path);
        var managed = ManagedDetector.Load(path);
        Assert.Equal(torch.ModelId, managed.ModelId);
        Assert.Equal(torch.Threshold.Value, managed.Threshold);

        AudioClip[] clips =
        [
            .. Enumerable.Range(20, 6).Select(seed => HumAudio.Hum(seed)),
            .. Enumerable.Range(30, 4).Select(seed => HumAudio.Hum(seed, whine: true)),
            HumAudio.Recording(2.5, whineFrom: 1, whineTo: 1.5, seed: 5, name: "partial.wav"),
            AudioClip.Mono(new float[16_000], HumAudio.Rate, "silent.wav"),
            HumAudio.Recording(0.05, seed: 3, name: "short.wav"),
        ];
        var verdicts = new List<ScoreVerdict>();
        foreach (var clip in clips)
        {
            var expected = torch.Decide(clip);
            var actual = managed.Decide(clip);
            Assert.Equal(expected.Verdict.ToString(), actual.Verdict.ToString());
            Assert.Equal(expected.UnfitReason, actual.UnfitReason);
            Assert.Equal(expected.Score.HasValue, actual.Score.HasValue);
            if (expected.Score is { } score)
            {
                Approx.AssertClose(score, actual.Score!.Value, 0, RelativeTolerance);
            }

            verdicts.Add(actual.Verdict);
        }

        // The clips exercise every verdict, so that agreeing is not agreeing on one answer.
        Assert.Contains(ScoreVerdict.Normal, verdicts);
        Assert.Contains(ScoreVerdict.Anomalous, verdicts);
        Assert.Contains(ScoreVerdict.InputUnfit, verdicts);
    }

    [Theory]
    [InlineData("mimii")]
    [InlineData("dcase2020")]
    public void PresetModels_ManagedScores_MatchTorchSharpWithinTolerance(string presetName)
    {
        // Both built-in shapes (without and with batch normalisation), trained a few epochs so that the batch-norm
        // statistics are not their initial 0 and 1.
        var preset = AutoencoderPreset.FromName(presetName) with { Epochs = 3, BatchSize = 64 };
        var extractor = new ClipFeatureExtractor(preset.Features);
        FeatureMatrix[] training = [.. Enumerable.Range(0, 4).Select(i => extractor.LogMel(HumAudio.Hum(seed: i, seconds: 2)))];
        string path = Save(preset, training, "preset");
        AssertScoresMatch(path, [.. Enumerable.Range(10, 3).Select(i => HumAudio.Hum(i, whine: i % 2 == 0, seconds: 3))]);
    }

    [SharedFact]
    public void RealClips_ManagedScores_MatchTorchSharpWithinTolerance()
    {
        // The real clips of ../shared that the golden values come from, under models trained on real normal clips.
        string Real(params string[] parts) => SharedFolder.Combine(["data", "real", .. parts]);
        string[] scored =
        [
            Real("dcase2023-dev", "fan_test_section_00_source_test_anomaly_0022_m-n_W.wav"),
            Real("dcase2023-dev", "fan_test_section_00_target_test_normal_0021_m-n_Y.wav"),
            Real("dcase2020-dev-toycar", "anomaly_id_01_00000000.wav"),
            Real("dcase2020-dev-toycar", "normal_id_01_00000000.wav"),
            Real("mimii-8ch", "fan_abnormal.wav"),
            Real("mimii-8ch", "fan_normal.wav"),
        ];
        string[] normal =
        [
            Real("dcase2023-dev", "fan_train_section_00_source_train_normal_0040_m-n_X.wav"),
            Real("dcase2023-dev", "fan_train_section_00_source_train_normal_0397_m-n_X.wav"),
        ];
        foreach (var preset in new[] { AutoencoderPreset.Mimii, AutoencoderPreset.Dcase2020 })
        {
            var trainingPreset = preset with { Epochs = 2 };
            var extractor = new ClipFeatureExtractor(trainingPreset.Features);
            string path = Save(trainingPreset, [.. normal.Select(extractor.LogMel)], "real-" + preset.Name);
            AssertScoresMatch(path, [.. scored.Select(p => AudioLoader.ReadClip(p, trainingPreset.Features.SampleRate, allowResample: true))]);
        }
    }

    [Fact]
    public void Load_OfAClassifierBundle_RefusesClearly()
    {
        string path = Write(seeds.Classifier, "classifier.auscult");
        var ex = Assert.Throws<ModelException>(() => ManagedAutoencoder.Load(path));
        Assert.Contains("classifier.auscult", ex.Message);
        Assert.Contains("holds a classifier", ex.Message);
        Assert.Contains("autoencoders only", ex.Message);
    }

    [Theory]
    [InlineData("not a zip", "damaged or not a model bundle")]
    [InlineData("flipped weight byte", "checksum")]
    [InlineData("no manifest", "has no manifest.json")]
    [InlineData("foreign manifest", "format version")]
    [InlineData("missing tensor", "lacks tensor")]
    public void Load_OfADamagedOrForeignBundle_ThrowsModelExceptionNamingTheProblem(string damage, string expected)
    {
        byte[] bundle = damage switch
        {
            "not a zip" => "PK? this is not a bundle"u8.ToArray(),
            "flipped weight byte" => FlipWeightByte(seeds.Autoencoder),
            "no manifest" => BundleZip.Zip(BundleZip.Entries(seeds.Autoencoder).Where(e => e.Name != "manifest.json")),
            "foreign manifest" => BundleZip.Replace(seeds.Autoencoder, "manifest.json", _ => """{"name":"someone else's model"}"""u8.ToArray()),
            _ => BundleZip.Replace(seeds.Autoencoder, "weights.bin",
                w => BundleZip.Weights(BundleZip.Tensors(w).Where(t => t.Name != "decoder.dense3.bias"))),
        };
        string path = Write(bundle, "damaged.auscult");
        var ex = Assert.Throws<ModelException>(() => ManagedAutoencoder.Load(path));
        Assert.Contains("damaged.auscult", ex.Message);
        Assert.Contains(expected, ex.Message);
        // The TorchSharp reader refuses it too: one reader, one verdict.
        Assert.Throws<ModelException>(() => ModelBundle.Load(path));
    }

    [Fact]
    public void Load_OfAMissingFile_SaysSo()
    {
        var ex = Assert.Throws<ModelException>(() => ManagedAutoencoder.Load(Path.Combine(_temp.Path, "absent.auscult")));
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public void MutatedBundles_ManagedReaderAcceptsWhatTorchSharpAccepts_AndRefusesOnlyWithModelException()
    {
        var random = new Random(11);
        var clip = SeedBundles.Clip(8, 3);
        int bothLoaded = 0, refused = 0;
        for (int i = 0; i < 150; i++)
        {
            var (description, bytes) = BundleMutator.Mutate(seeds.Autoencoder, random);
            string path = Write(bytes, $"mutant-{i}.auscult");
            ManagedAutoencoder? managed = null;
            try
            {
                managed = ManagedAutoencoder.Load(path);
            }
            catch (ModelException)
            {
                refused++;
            }

            ModelBundle? torch = null;
            try
            {
                torch = ModelBundle.Load(path);
            }
            catch (ModelException)
            {
            }

            using (torch)
            {
                if (torch is null || torch.Kind != ModelKind.Autoencoder)
                {
                    continue;
                }

                Assert.True(managed is not null, $"case {i} ({description}): TorchSharp loads it, the managed reader refuses it");
                using var scorer = new AutoencoderScorer(torch.Model);
                Approx.AssertClose(scorer.Score(clip).Score, managed!.Score(clip), 1e-12, RelativeTolerance);
                bothLoaded++;
            }
        }

        Assert.True(bothLoaded > 0 && refused > 0, string.Create(CultureInfo.InvariantCulture, $"{bothLoaded} loaded by both, {refused} refused"));
    }

    private static void AssertScoresMatch(string path, IReadOnlyList<AudioClip> clips)
    {
        using var bundle = ModelBundle.Load(path);
        using var scorer = new AutoencoderScorer(bundle.Model);
        var managed = ManagedAutoencoder.Load(path);
        var extractor = new ClipFeatureExtractor(bundle.Manifest.Features);
        foreach (var clip in clips)
        {
            var logMel = extractor.LogMel(clip);
            double expected = scorer.Score(logMel).Score;
            double actual = managed.Score(logMel);
            Assert.True(Math.Abs(expected - actual) <= RelativeTolerance * Math.Abs(expected),
                string.Create(CultureInfo.InvariantCulture, $"{clip.Source}: TorchSharp {expected:R}, managed {actual:R} (relative {Math.Abs(expected - actual) / Math.Abs(expected):G3})"));
        }
    }

    private string Save(AutoencoderPreset preset, FeatureMatrix[] training, string name)
    {
        using var trained = new AutoencoderTrainer(preset, seed: 5).Train(training);
        var threshold = new ThresholdSpec(1.0, ThresholdMethod.Fixed, new Dictionary<string, double>());
        using var bundle = ModelBundle.Create(trained.Model, new TrainingDataSummary(training.Length, trained.VectorCount, "fan", "id_00", null), threshold);
        string path = Path.Combine(_temp.Path, name + ".auscult");
        bundle.Save(path);
        return path;
    }

    private static byte[] FlipWeightByte(byte[] bundle)
    {
        // The weights entry is stored, not deflated: flip one of its bytes in place, leaving the zip's CRC as it was.
        byte[] copy = (byte[])bundle.Clone();
        byte[] weights = BundleZip.Entries(bundle).Single(e => e.Name == "weights.bin").Data;
        int at = IndexOf(copy, weights.AsSpan(weights.Length - 64, 32));
        copy[at + 8] ^= 0x40;
        return copy;
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle)
    {
        int at = haystack.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, "the weights are not stored in the zip as they are");
        return at;
    }

    private string Write(byte[] bytes, string name)
    {
        string path = Path.Combine(_temp.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
