using Microsoft.Extensions.Time.Testing;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Auscult.Audio;
using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Tests.TestSupport;
using Auscult.Torch.Bundles;
using Auscult.Torch.Classifier;
using Auscult.Torch.Detection;
using Auscult.Torch.Scoring;
using Auscult.Torch.Training;

namespace Auscult.Torch.Tests.Classifier;

public sealed class ClassifierBundleTests : IDisposable
{
    private static readonly FeatureOptions Features = FeatureOptions.Dcase2020 with { MelBandCount = BandImages.Mels };
    private readonly TempFolder _temp = new();
    private readonly ClassifierModel _model;

    public ClassifierBundleTests()
    {
        var (clips, classes) = BandImages.Make(16, 8);
        _model = new ClassifierTrainer(BandImages.Options(maxEpochs: 3), new FakeTimeProvider())
            .TrainAuto(clips, classes, TimeSpan.FromMinutes(1), space: [BandImages.Tiny(), BandImages.Tiny(timePooling: 2)]);
    }

    public void Dispose()
    {
        _model.Dispose();
        _temp.Dispose();
    }

    private string Saved()
    {
        string path = _temp.Combine("classifier.auscult");
        ModelBundle.Create(_model, Features, "fan", "id_00").Save(path);
        return path;
    }

    [Fact]
    public void ExplainReconstruction_OfAClassifier_IsRefusedSayingWhy()
    {
        using var detector = Detector.Load(Saved());

        var ex = Assert.Throws<ModelException>(() => detector.ExplainReconstruction(AudioClip.Mono(new float[16_000], 16_000, "clip.wav")));

        Assert.Contains("classifier", ex.Message);
        Assert.Contains("only an autoencoder", ex.Message);
    }

    [Fact]
    public void SaveThenLoad_GivesIdenticalProbabilities()
    {
        using var loaded = ModelBundle.Load(Saved());
        var (clips, _) = BandImages.Make(4, 4, seed: 17);
        foreach (var clip in clips)
        {
            Assert.Equal(_model.ClassProbabilities(clip), loaded.Classifier.ClassProbabilities(clip));
        }

        Assert.Equal(_model.GetWeights().Select(w => w.Key), loaded.Classifier.GetWeights().Select(w => w.Key));
    }

    [Fact]
    public void SaveThenLoad_RoundTripsTheClassifierManifest()
    {
        using var loaded = ModelBundle.Load(Saved());
        var m = loaded.Manifest;
        Assert.Equal(ModelKind.Classifier, loaded.Kind);
        Assert.Equal(ModelKind.Classifier, m.ModelKind);
        Assert.Null(m.Architecture); // the shape is in the classifier section
        Assert.Equal(InputNormalization.BandStandardize, m.Normalization);
        Assert.Equal(Features, m.Features);
        Assert.Equal(_model.Threshold.Value, m.Threshold!.Value);
        Assert.Equal(ThresholdMethod.MaxF1, m.Threshold.Method);
        Assert.Equal(["normal", "anomaly"], m.Classifier!.ClassNames);
        Assert.Equal(_model.Config.Name, m.Classifier.Config.Name);
        Assert.Equal(_model.Normalization.Means, m.Classifier.Normalization.Means);
        Assert.Equal(2, m.Classifier.Training.Trials.Count);
        Assert.Equal(_model.Training.Trials.Select(t => t.ValidationF1), m.Classifier.Training.Trials.Select(t => t.ValidationF1));
        Assert.Equal(TimeSpan.FromMinutes(1), m.Classifier.Training.Budget);
        Assert.Equal(_model.Training.Options, loaded.Classifier.Training.Options with { Augmentation = _model.Training.Options.Augmentation });
        Assert.Equal(_model.Training.Options.Augmentation, loaded.Classifier.Training.Options.Augmentation);
        Assert.Equal("fan", m.TrainingData.MachineType);
        Assert.Equal(24, m.TrainingData.ClipCount);
    }

    [Fact]
    public void Manifest_NamesTheKindAndHasAClassifierSection()
    {
        using var zip = ZipFile.OpenRead(Saved());
        using var stream = zip.GetEntry("manifest.json")!.Open();
        var json = JsonNode.Parse(stream)!;
        Assert.Equal("classifier", (string)json["modelKind"]!);
        Assert.Equal(BandImages.Mels, json["classifier"]!["normalization"]!["means"]!.AsArray().Count);
        Assert.NotNull(json["classifier"]!["training"]!["trials"]![0]!["config"]!["channels"]);
    }

    [Fact]
    public void Load_FormatOneClassifier_WithItsStandInArchitecture_StillLoads()
    {
        string path = Saved();
        BundleManifestFile.Rewrite(path, json =>
        {
            json["formatVersion"] = 1;
            json["architecture"] = new JsonObject { ["inputSize"] = BandImages.Mels, ["hiddenLayers"] = new JsonArray(4, 8), ["bottleneck"] = 2, ["batchNorm"] = true };
        });
        using var loaded = ModelBundle.Load(path);
        var (clips, _) = BandImages.Make(2, 2, seed: 5);
        Assert.Equal(_model.AnomalyProbability(clips[0]), loaded.Classifier.AnomalyProbability(clips[0]));
    }

    [Fact]
    public void Classifier_AccessorsOfTheOtherKind_Throw()
    {
        using var loaded = ModelBundle.Load(Saved());
        Assert.Throws<InvalidOperationException>(() => loaded.Model);
    }

    [Fact]
    public void CreateScorer_OfAClassifierBundle_ScoresTheAnomalyProbability()
    {
        using var loaded = ModelBundle.Load(Saved());
        using var scorer = loaded.CreateScorer();
        Assert.IsType<ClassifierScorer>(scorer);
        var (clips, _) = BandImages.Make(2, 2, seed: 23);
        Assert.All(clips, c => Assert.Equal(_model.AnomalyProbability(c), scorer.Score(c)));
    }

    [Fact]
    public void Create_WithOtherMelBands_Throws()
    {
        var ex = Assert.ThrowsAny<AuscultException>(() => ModelBundle.Create(_model, FeatureOptions.Dcase2020));
        Assert.Contains("128 mel bands", ex.Message);
    }

    [Fact]
    public void EnsureCompatible_ChecksTheClassifiersFeatures()
    {
        using var loaded = ModelBundle.Load(Saved());
        loaded.EnsureCompatible(Features);
        Assert.ThrowsAny<AuscultException>(() => loaded.EnsureCompatible(Features with { HopLength = 256 }));
    }

    [Fact]
    public void AutoencoderBundle_StillLoadsAndScoresThroughTheCommonScorer()
    {
        using var trained = new AutoencoderTrainer(TinyData.Preset(epochs: 3), seed: 2).Train(TinyData.Normal(3));
        string path = _temp.Combine("autoencoder.auscult");
        ModelBundle.Create(trained.Model, new TrainingDataSummary(3, trained.VectorCount, null, null, null)).Save(path);

        using var loaded = ModelBundle.Load(path);
        Assert.Equal(ModelKind.Autoencoder, loaded.Kind);
        Assert.Null(loaded.Manifest.Classifier);
        Assert.Throws<InvalidOperationException>(() => loaded.Classifier);
        using var scorer = loaded.CreateScorer();
        Assert.IsType<AutoencoderScorer>(scorer);
        var clip = TinyData.Anomalous();
        Assert.Equal(new AutoencoderScorer(trained.Model).Score(clip).Score, scorer.Score(clip));

        using var zip = ZipFile.OpenRead(path);
        using var stream = zip.GetEntry("manifest.json")!.Open();
        Assert.Null(JsonNode.Parse(stream)!["classifier"]);
    }
}
