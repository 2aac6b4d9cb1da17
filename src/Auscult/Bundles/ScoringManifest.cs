using System.Text.Json;
using System.Text.Json.Serialization;
using Auscult.Dsp;
using Auscult.Features;
using Auscult.Health;

namespace Auscult.Bundles;

/// <summary>
/// What scoring with an autoencoder bundle needs from its <c>manifest.json</c>, read without TorchSharp: the feature
/// options, the network's shape, the decision threshold and the training clips' input reference. Every value is
/// checked against <see cref="BundleLimits"/> and the feature options' own rules before any weight is read.
/// </summary>
/// <param name="Features">The feature options the model was trained with.</param>
/// <param name="InputSize">The network's input (and output) width: mel bands times context frames.</param>
/// <param name="HiddenLayers">The encoder's hidden widths, input side first; the decoder mirrors them.</param>
/// <param name="Bottleneck">The code width.</param>
/// <param name="BatchNorm">Whether every layer but the output has a batch normalisation before its ReLU.</param>
/// <param name="Threshold">The decision threshold: scores above it are anomalous.</param>
/// <param name="InputReference">The training clips' rate, duration and level (format 3 on); null when not recorded.</param>
public sealed record ScoringManifest(FeatureOptions Features, int InputSize, IReadOnlyList<int> HiddenLayers, int Bottleneck, bool BatchNorm,
    double Threshold, InputReference? InputReference)
{
    /// <summary>The feature options every manifest writes; a missing one would silently take its default.</summary>
    private static readonly string[] RequiredFeatureFields =
    [
        "sampleRate", "fftSize", "hopLength", "melBandCount", "minFrequencyHz", "maxFrequencyHz", "spectrumPower", "center",
        "padMode", "melScale", "melNormalization", "logScale", "topDb", "contextFrames", "channel",
    ];

    /// <summary>Reads the scoring part of an autoencoder bundle's manifest.</summary>
    /// <exception cref="ModelException">
    /// The bundle holds a classifier, or its manifest lacks or has out-of-range values; the message names the bundle
    /// and the field.
    /// </exception>
    public static ScoringManifest Read(BundleContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        string shown = contents.Shown;
        if (contents.Kind == BundleFormat.ClassifierKind)
        {
            throw new ModelException(
                $"Model bundle '{shown}' holds a classifier; managed (local) scoring runs autoencoders only: score this model on the service, or train an autoencoder (auscult train) for the device.");
        }

        if (contents.Kind != BundleFormat.AutoencoderKind)
        {
            throw Invalid(shown, "modelKind", "is missing or not a name");
        }

        ManifestJson json;
        try
        {
            using var document = JsonDocument.Parse(contents.ManifestJson);
            var features = document.RootElement.TryGetProperty("features", out var f) ? f : default;
            foreach (string field in RequiredFeatureFields)
            {
                if (features.ValueKind != JsonValueKind.Object || !features.TryGetProperty(field, out _))
                {
                    throw Invalid(shown, $"features.{field}", "is missing");
                }
            }

            json = document.Deserialize(BundleJsonContext.Default.ManifestJson)
                ?? throw new ModelException($"Model bundle '{shown}' has an empty {BundleArchive.ManifestEntry}.");
        }
        catch (JsonException ex)
        {
            throw new ModelException(BundleText.SafeMessage($"Model bundle '{shown}' has an invalid {BundleArchive.ManifestEntry}: {BundleText.Safe(ex.Message, 300)}"), ex);
        }
        catch (AuscultException ex) when (ex is not ModelException)
        {
            // e.g. a channel the feature options cannot parse: the bundle is at fault, not the caller's input.
            throw new ModelException(BundleText.SafeMessage($"Model bundle '{shown}' is invalid: {BundleText.Safe(ex.Message, 300)}"), ex);
        }

        return Check(json, shown);
    }

    private static ScoringManifest Check(ManifestJson json, string shown)
    {
        if (json.Normalization is not null and not "none")
        {
            throw Invalid(shown, "normalization", $"is '{BundleText.Safe(json.Normalization)}'; an autoencoder uses 'none'");
        }

        var f = json.Features;
        Require(f.SampleRate is > 0 and <= BundleLimits.MaxSampleRate, shown, "features.sampleRate", $"{f.SampleRate} must lie in 1 to {BundleLimits.MaxSampleRate} Hz");
        Require(f.FftSize is >= 2 and <= BundleLimits.MaxFftSize, shown, "features.fftSize", $"{f.FftSize} must lie in 2 to {BundleLimits.MaxFftSize}");
        Require(f.HopLength is > 0 and <= BundleLimits.MaxFftSize, shown, "features.hopLength", $"{f.HopLength} must lie in 1 to {BundleLimits.MaxFftSize}");
        Require(f.MelBandCount is > 0 and <= BundleLimits.MaxMelBands, shown, "features.melBandCount", $"{f.MelBandCount} must lie in 1 to {BundleLimits.MaxMelBands}");
        Require(f.ContextFrames is > 0 and <= BundleLimits.MaxContextFrames, shown, "features.contextFrames", $"{f.ContextFrames} must lie in 1 to {BundleLimits.MaxContextFrames}");
        try
        {
            f.Validate();
        }
        catch (ConfigurationException ex)
        {
            throw Invalid(shown, "features", $"are invalid ({ex.Message.TrimEnd('.')})");
        }

        var a = json.Architecture ?? throw Invalid(shown, "architecture", "is missing: an autoencoder bundle has no architecture");
        Require(a.HiddenLayers.Count is >= 1 and <= BundleLimits.MaxHiddenLayers, shown, "architecture.hiddenLayers",
            $"has {a.HiddenLayers.Count} layers; 1 to {BundleLimits.MaxHiddenLayers} are read");
        for (int i = 0; i < a.HiddenLayers.Count; i++)
        {
            Require(a.HiddenLayers[i] is >= 1 and <= BundleLimits.MaxLayerWidth, shown, $"architecture.hiddenLayers[{i}]",
                $"{a.HiddenLayers[i]} must lie in 1 to {BundleLimits.MaxLayerWidth}");
        }

        Require(a.Bottleneck is >= 1 and <= BundleLimits.MaxLayerWidth, shown, "architecture.bottleneck", $"{a.Bottleneck} must lie in 1 to {BundleLimits.MaxLayerWidth}");
        Require(a.InputSize == f.VectorLength, shown, "architecture.inputSize",
            $"{a.InputSize} does not match the features' {f.MelBandCount} mel bands x {f.ContextFrames} context frames = {f.VectorLength}");
        long parameters = AutoencoderLayout.ElementCount(AutoencoderLayout.Tensors(a.InputSize, a.HiddenLayers, a.Bottleneck, a.BatchNorm));
        Require(parameters <= BundleLimits.MaxParameterCount, shown, "architecture", $"implies {parameters:N0} parameters; at most {BundleLimits.MaxParameterCount:N0} are loaded");

        var threshold = json.Threshold ?? throw new ModelException($"Model bundle '{shown}' has no threshold to decide with.");
        Require(double.IsFinite(threshold.Value), shown, "threshold.value", "is not a finite number");
        var input = json.TrainingData?.Input;
        if (input is not null)
        {
            Require(input.SampleRate is > 0 and <= BundleLimits.MaxSampleRate, shown, "trainingData.input.sampleRate", $"{input.SampleRate} must lie in 1 to {BundleLimits.MaxSampleRate} Hz");
            Require(input.Duration >= TimeSpan.Zero, shown, "trainingData.input.duration", "is negative");
            Require(double.IsFinite(input.MeanRmsDbfs) && double.IsFinite(input.RmsDbfsStandardDeviation) && input.RmsDbfsStandardDeviation >= 0
                && double.IsFinite(input.MinRmsDbfs ?? 0) && double.IsFinite(input.MaxRmsDbfs ?? 0), shown, "trainingData.input", "holds a level that is not a finite number");
        }

        return new ScoringManifest(f, a.InputSize, [.. a.HiddenLayers], a.Bottleneck, a.BatchNorm, threshold.Value, input);
    }

    private static void Require(bool ok, string shown, string field, string problem)
    {
        if (!ok)
        {
            throw Invalid(shown, field, problem);
        }
    }

    private static ModelException Invalid(string shown, string field, string problem) =>
        new(BundleText.SafeMessage($"Model bundle '{shown}' has an invalid manifest.json: {field} {problem.TrimEnd('.')}."));

    /// <summary>The manifest's fields scoring reads; the others are ignored.</summary>
    internal sealed record ManifestJson(FeatureOptions Features, ArchitectureJson? Architecture, string? Normalization, ThresholdJson? Threshold,
        TrainingDataJson? TrainingData);

    internal sealed record ArchitectureJson(int InputSize, IReadOnlyList<int> HiddenLayers, int Bottleneck, bool BatchNorm);

    internal sealed record ThresholdJson(double Value);

    internal sealed record TrainingDataJson(InputReference? Input = null);
}

/// <summary>Source-generated JSON for the scoring part of a manifest (no reflection: the agent is published trimmed).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    Converters = [typeof(ChannelSelectionJsonConverter), typeof(CamelCaseEnumConverter<PadMode>), typeof(CamelCaseEnumConverter<MelScale>),
        typeof(CamelCaseEnumConverter<MelNormalization>), typeof(CamelCaseEnumConverter<LogScale>)])]
[JsonSerializable(typeof(ScoringManifest.ManifestJson))]
internal sealed partial class BundleJsonContext : JsonSerializerContext
{
}
