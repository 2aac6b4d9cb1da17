using Microsoft.Extensions.Time.Testing;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Auscult.Features;
using Auscult.Tests.TestSupport;
using Auscult.Torch.Bundles;
using Auscult.Torch.Scoring;
using Auscult.Torch.Training;

namespace Auscult.Torch.Tests;

public sealed class ModelBundleTests : IDisposable
{
    private static readonly DateTimeOffset Created = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _temp = new();
    private readonly TrainingResult _trained = new AutoencoderTrainer(TinyData.Preset(epochs: 5), seed: 9).Train(TinyData.Normal(4));

    public void Dispose()
    {
        _trained.Dispose();
        _temp.Dispose();
    }

    private ModelBundle NewBundle() => ModelBundle.Create(
        _trained.Model,
        new TrainingDataSummary(4, _trained.VectorCount, "fan", "id_00", ScoreDistribution.FromScores([1.0, 2.0, 3.0, 4.0])),
        new ThresholdSpec(2.5, "gamma-quantile", new Dictionary<string, double> { ["quantile"] = 0.9 }),
        new FakeTimeProvider(Created));

    [Fact]
    public void SaveThenLoad_GivesIdenticalScores()
    {
        string path = _temp.Combine("model.auscult");
        NewBundle().Save(path);
        using var loaded = ModelBundle.Load(path);

        foreach (var clip in TinyData.Normal(3, seed: 5).Append(TinyData.Anomalous()))
        {
            var before = new AutoencoderScorer(_trained.Model).Score(clip);
            var after = new AutoencoderScorer(loaded.Model).Score(clip);
            Assert.Equal(before.Score, after.Score);
            Assert.Equal(before.VectorErrors, after.VectorErrors);
        }
    }

    [Fact]
    public void SaveThenLoad_RoundTripsTheManifest()
    {
        string path = _temp.Combine("model.auscult");
        NewBundle().Save(path);
        using var loaded = ModelBundle.Load(path);
        var m = loaded.Manifest;

        Assert.Equal(ModelBundle.CurrentFormatVersion, m.FormatVersion);
        Assert.Equal("autoencoder", m.ModelKind);
        Assert.Equal("tiny", m.Preset);
        Assert.Equal(TinyData.Preset().Features, m.Features);
        Assert.Equal([16], m.Architecture!.HiddenLayers);
        Assert.Equal(24, m.Architecture.InputSize);
        Assert.Equal("none", m.Normalization);
        Assert.Equal(2.5, m.Threshold!.Value);
        Assert.Equal(0.9, m.Threshold.Parameters["quantile"]);
        Assert.Equal("id_00", m.TrainingData.MachineId);
        Assert.Equal(2.5, m.TrainingData.Scores!.Mean);
        Assert.Equal(9, m.Seed);
        Assert.Equal(Created, m.CreatedUtc);
        Assert.Equal("2.10.0", m.Versions.LibTorch);
        Assert.StartsWith("0.107", m.Versions.TorchSharp, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_IsCamelCaseJsonWithEnumsAsStrings()
    {
        string path = _temp.Combine("model.auscult");
        NewBundle().Save(path);
        using var zip = ZipFile.OpenRead(path);
        using var stream = zip.GetEntry("manifest.json")!.Open();
        var json = JsonNode.Parse(stream)!;
        Assert.Equal(ModelBundle.CurrentFormatVersion, (int)json["formatVersion"]!);
        Assert.Equal("reflect", (string)json["features"]!["padMode"]!);
        Assert.Equal("0", (string)json["features"]!["channel"]!);
    }

    [Fact]
    public void Load_UnknownFormatVersion_NamesFileAndBothVersions()
    {
        string path = _temp.Combine("model.auscult");
        NewBundle().Save(path);
        BundleManifestFile.Rewrite(path, json => json["formatVersion"] = 99);

        var ex = Assert.ThrowsAny<AuscultException>(() => ModelBundle.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("99", ex.Message);
        Assert.Contains($"format versions {ModelBundle.OldestReadableFormatVersion} to {ModelBundle.CurrentFormatVersion}", ex.Message);
    }

    [Fact]
    public void Load_FormatOneAutoencoder_StillLoads()
    {
        string path = _temp.Combine("model.auscult");
        NewBundle().Save(path);
        BundleManifestFile.Rewrite(path, json => json["formatVersion"] = 1);
        using var loaded = ModelBundle.Load(path);
        Assert.Equal(1, loaded.Manifest.FormatVersion);
        Assert.Equal(ModelKind.Autoencoder, loaded.Kind);
    }

    [Fact]
    public void Load_AutoencoderWithoutArchitecture_NamesFileAndWhatIsMissing()
    {
        string path = _temp.Combine("model.auscult");
        NewBundle().Save(path);
        BundleManifestFile.Rewrite(path, json => json.AsObject().Remove("architecture"));
        var ex = Assert.ThrowsAny<AuscultException>(() => ModelBundle.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("no architecture", ex.Message);
    }

    [Fact]
    public void Load_CorruptFile_SaysSoAndNamesIt()
    {
        string path = _temp.Combine("garbage.auscult");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * 37))]);
        var ex = Assert.ThrowsAny<AuscultException>(() => ModelBundle.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("damaged or not a model bundle", ex.Message);
    }

    [Fact]
    public void Load_MissingWeights_SaysWhichEntry()
    {
        string path = _temp.Combine("model.auscult");
        NewBundle().Save(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry("weights.bin")!.Delete();
        }

        var ex = Assert.ThrowsAny<AuscultException>(() => ModelBundle.Load(path));
        Assert.Contains("weights.bin", ex.Message);
    }

    [Fact]
    public void Load_TruncatedWeights_IsAClearError()
    {
        string path = _temp.Combine("model.auscult");
        NewBundle().Save(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("weights.bin")!;
            byte[] head;
            using (var s = entry.Open())
            {
                head = new byte[100];
                s.ReadExactly(head);
            }

            entry.Delete();
            using var replacement = zip.CreateEntry("weights.bin").Open();
            replacement.Write(head);
        }

        var ex = Assert.ThrowsAny<AuscultException>(() => ModelBundle.Load(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void EnsureCompatible_ListsEveryDifferingOption()
    {
        var bundle = NewBundle();
        bundle.EnsureCompatible(TinyData.Preset().Features);

        var requested = TinyData.Preset().Features with { MelBandCount = 64, HopLength = 256, LogScale = LogScale.DbRefMax };
        var ex = Assert.ThrowsAny<AuscultException>(() => bundle.EnsureCompatible(requested));
        Assert.Contains("3 option(s) differ", ex.Message);
        Assert.Contains("MelBandCount: bundle 8, requested 64", ex.Message);
        Assert.Contains("HopLength: bundle 512, requested 256", ex.Message);
        Assert.Contains("LogScale: bundle Dcase, requested DbRefMax", ex.Message);
    }

    [Fact]
    public void Save_Cancelled_LeavesNoFileBehind()
    {
        string path = _temp.Combine("model.auscult");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => NewBundle().Save(path, cts.Token));
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void Save_Cancelled_KeepsThePreviousBundle()
    {
        string path = _temp.Combine("model.auscult");
        NewBundle().Save(path);
        byte[] before = File.ReadAllBytes(path);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => NewBundle().Save(path, cts.Token));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void TrainingCancelled_WritesNoBundle()
    {
        // The train-then-save pipeline a command runs: cancelling training must never reach Save.
        string path = _temp.Combine("cancelled.auscult");
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress<Auscult.Torch.Training.TrainingProgress>(_ => cts.Cancel());
        Assert.Throws<OperationCanceledException>(() =>
        {
            using var result = new AutoencoderTrainer(TinyData.Preset(epochs: 10), seed: 1).Train(TinyData.Normal(2), progress, cts.Token);
            ModelBundle.Create(result.Model, new TrainingDataSummary(2, result.VectorCount, null, null, null)).Save(path, cts.Token);
        });
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

}
