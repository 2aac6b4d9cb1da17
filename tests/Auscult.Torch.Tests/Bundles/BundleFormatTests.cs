using System.Text;
using System.Text.Json.Nodes;
using Auscult.Drift;
using Auscult.Evaluation;
using Auscult.Tests.TestSupport;
using Auscult.Torch.Bundles;
using Auscult.Torch.Detection;
using Auscult.Torch.Tests.Fuzzing;

namespace Auscult.Torch.Tests.Bundles;

/// <summary>Format 3 (enums by name, training input and band statistics) and the older formats it still reads.</summary>
public sealed class BundleFormatTests(SeedFixture seeds) : IClassFixture<SeedFixture>, IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Manifest_WritesModesByTheirFormerNames_AndTheTrainingStatistics()
    {
        var json = Manifest(seeds.Autoencoder);
        Assert.Equal(3, (int)json["formatVersion"]!);
        Assert.Equal("autoencoder", (string)json["modelKind"]!);
        Assert.Equal("none", (string)json["normalization"]!);
        Assert.Equal("gamma", (string)json["threshold"]!["method"]!);
        Assert.Equal(-32.5, (double)json["trainingData"]!["input"]!["meanRmsDbfs"]!);
        Assert.Equal(16_000, (int)json["trainingData"]!["input"]!["sampleRate"]!);
        var bands = json["trainingData"]!["bands"]!;
        Assert.Equal(8, bands["bands"]!.AsArray().Count);
        Assert.Equal(BandStatistics.DefaultProbabilities.Count, bands["bands"]![0]!["quantiles"]!.AsArray().Count);
        Assert.Equal(160, (long)bands["frameCount"]!); // 4 clips x 40 frames

        var classifier = Manifest(seeds.Classifier);
        Assert.Equal("classifier", (string)classifier["modelKind"]!);
        Assert.Equal("band-standardize", (string)classifier["normalization"]!);
        Assert.Equal("max-f1", (string)classifier["threshold"]!["method"]!);
    }

    [Fact]
    public void ClassifierBundle_RecordsItsScoresOfItsTrainingClips_AndTheirBands()
    {
        using var bundle = ModelBundle.Load(Write(seeds.Classifier));
        var t = bundle.Manifest.TrainingData;
        Assert.Equal(16, t.Scores!.Count);
        Assert.InRange(t.Scores.Min, 0, 1); // probabilities
        Assert.InRange(t.Scores.Max, t.Scores.Min, 1);
        Assert.Equal(16, t.Bands!.ClipCount);
        Assert.Equal(16, t.Bands.Bands.Count);
        Assert.Equal(SeedBundles.Input, t.Input);
    }

    [Fact]
    public void FormatTwoAutoencoder_WithTheOldThresholdName_StillLoads()
    {
        // What format 2 wrote: no input reference, no band statistics; the threshold method as free text.
        byte[] old = Edit(seeds.Autoencoder, m =>
        {
            m["formatVersion"] = 2;
            m["threshold"]!["method"] = "gamma-quantile";
            m["trainingData"]!.AsObject().Remove("input");
            m["trainingData"]!.AsObject().Remove("bands");
            m["trainingData"]!.AsObject().Remove("unseenScores");
        });
        using var bundle = ModelBundle.Load(Write(old));
        Assert.Equal(2, bundle.Manifest.FormatVersion);
        Assert.Equal(ThresholdMethod.Gamma, bundle.Manifest.Threshold!.Method);
        Assert.Equal(InputNormalization.None, bundle.Manifest.Normalization);
        Assert.Null(bundle.Manifest.TrainingData.Input);
        Assert.Null(bundle.Manifest.TrainingData.Bands);

        using var detector = new Detector(bundle);
        Assert.Null(detector.InputReference);
        Assert.Equal(bundle.Identity, detector.ModelId);
        Assert.Equal(ModelBundle.IdentityOf(old), detector.ModelId);
    }

    [Fact]
    public void FormatTwoClassifier_WithoutTrainingScores_StillLoads()
    {
        byte[] old = Edit(seeds.Classifier, m =>
        {
            m["formatVersion"] = 2;
            m["trainingData"]!["scores"] = null;
            m["trainingData"]!.AsObject().Remove("input");
            m["trainingData"]!.AsObject().Remove("bands");
        });
        using var bundle = ModelBundle.Load(Write(old));
        Assert.Equal(ModelKind.Classifier, bundle.Manifest.ModelKind);
        Assert.Equal(InputNormalization.BandStandardize, bundle.Manifest.Normalization);
        Assert.Equal(ThresholdMethod.MaxF1, bundle.Manifest.Threshold!.Method);
        Assert.Null(bundle.Manifest.TrainingData.Scores);
    }

    [Theory]
    [InlineData("gamma", ThresholdMethod.Gamma)]
    [InlineData("percentile", ThresholdMethod.Percentile)]
    [InlineData("fixed", ThresholdMethod.Fixed)]
    [InlineData("equal-errors", ThresholdMethod.EqualErrors)]
    [InlineData("youden", ThresholdMethod.YoudenJ)]
    public void EveryThresholdMethodName_Reads(string name, ThresholdMethod method)
    {
        using var bundle = ModelBundle.Load(Write(Edit(seeds.Autoencoder, m => m["threshold"]!["method"] = name)));
        Assert.Equal(method, bundle.Manifest.Threshold!.Method);
    }

    [Theory]
    [InlineData("\"gamma quantile\"", "is not a threshold method")]
    [InlineData("2", "threshold method is a name")]
    public void UnknownThresholdMethod_IsRefusedNamingIt(string value, string expected)
    {
        var ex = Refused(Edit(seeds.Autoencoder, m => m["threshold"]!["method"] = JsonNode.Parse(value)));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void NumericModelKind_IsRefused()
    {
        var ex = Refused(Edit(seeds.Autoencoder, m => m["modelKind"] = 1));
        Assert.Contains("modelKind", ex.Message);
    }

    [Fact]
    public void NormalizationOfTheOtherKind_IsRefused()
    {
        var ex = Refused(Edit(seeds.Autoencoder, m => m["normalization"] = "band-standardize"));
        Assert.Contains("normalization is 'band-standardize'; an autoencoder uses 'none'", ex.Message);
        ex = Refused(Edit(seeds.Autoencoder, m => m["normalization"] = "zscore"));
        Assert.Contains("normalization", ex.Message);
    }

    [Theory]
    [InlineData("bands", "trainingData.bands.bands has 7 bands; the features have 8 mel bands")]
    [InlineData("quantiles", "trainingData.bands.bands[0].quantiles has 8 values; there are 9 probabilities")]
    [InlineData("probabilities", "trainingData.bands.probabilities[1] is below the one before it")]
    [InlineData("sampleRate", "trainingData.input.sampleRate 0 must lie in 1 to 384,000 Hz")]
    public void InconsistentTrainingStatistics_AreRefusedNamingTheField(string edit, string expected)
    {
        var ex = Refused(Edit(seeds.Autoencoder, m =>
        {
            var bands = m["trainingData"]!["bands"]!;
            switch (edit)
            {
                case "bands":
                    bands["bands"]!.AsArray().RemoveAt(7);
                    break;
                case "quantiles":
                    bands["bands"]![0]!["quantiles"]!.AsArray().RemoveAt(0);
                    break;
                case "probabilities":
                    bands["probabilities"]![1] = 0.001;
                    break;
                default:
                    m["trainingData"]!["input"]!["sampleRate"] = 0;
                    break;
            }
        }));
        Assert.Contains(expected, ex.Message);
    }

    private string Write(byte[] bundle)
    {
        string path = _temp.Combine($"{Guid.NewGuid():N}.auscult");
        File.WriteAllBytes(path, bundle);
        return path;
    }

    private ModelException Refused(byte[] bundle)
    {
        string path = Write(bundle);
        var ex = Assert.Throws<ModelException>(() => ModelBundle.Load(path));
        Assert.Contains(path, ex.Message);
        return ex;
    }

    private static JsonNode Manifest(byte[] bundle) =>
        JsonNode.Parse(BundleZip.Entries(bundle).Single(e => e.Name == "manifest.json").Data)!;

    private static byte[] Edit(byte[] bundle, Action<JsonNode> edit) => BundleZip.Replace(bundle, "manifest.json", data =>
    {
        var json = JsonNode.Parse(data)!;
        edit(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    });
}
