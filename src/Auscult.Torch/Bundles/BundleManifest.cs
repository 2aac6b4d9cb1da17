using System.Text.Json.Serialization;
using Auscult.Bundles;
using Auscult.Features;

namespace Auscult.Torch.Bundles;

/// <summary>The <c>manifest.json</c> of a model bundle: everything needed to rebuild, check and use the model.</summary>
public sealed record BundleManifest
{
    /// <summary>Bumped whenever a reader of the previous format would misread this one.</summary>
    public required int FormatVersion { get; init; }

    /// <summary>The kind of model, written <c>autoencoder</c> or <c>classifier</c> (see <see cref="ModelBundle.Kind"/>).</summary>
    [JsonConverter(typeof(KebabCaseEnumConverter<ModelKind>))]
    public required ModelKind ModelKind { get; init; }

    /// <summary>The autoencoder preset's name; <c>classifier</c> for a classifier.</summary>
    public required string Preset { get; init; }

    /// <summary>
    /// The autoencoder's shape; absent for a classifier, whose shape is in <see cref="Classifier"/>. (Format 1
    /// classifier bundles carried a stand-in here, which readers ignore.)
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelArchitecture? Architecture { get; init; }

    /// <summary>The feature options the model was trained with; scoring refuses features made with others.</summary>
    public required FeatureOptions Features { get; init; }

    /// <summary>
    /// Input normalisation: <see cref="InputNormalization.None"/> for autoencoders, as the baselines (log-mel values go
    /// in as they are); <see cref="InputNormalization.BandStandardize"/> for classifiers (statistics in
    /// <see cref="ClassifierManifest.Normalization"/>). Written <c>none</c> and <c>band-standardize</c>.
    /// </summary>
    [JsonConverter(typeof(KebabCaseEnumConverter<InputNormalization>))]
    public required InputNormalization Normalization { get; init; }

    public ThresholdSpec? Threshold { get; init; }

    public required TrainingDataSummary TrainingData { get; init; }

    public required int Seed { get; init; }

    /// <summary>Epochs trained (for a classifier: epochs run by the kept trial).</summary>
    public required int Epochs { get; init; }

    public required int BatchSize { get; init; }

    public required double LearningRate { get; init; }

    public required double ValidationFraction { get; init; }

    public required BundleVersions Versions { get; init; }

    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>The classifier's configuration, classes, normalisation and search trials; absent for autoencoders.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ClassifierManifest? Classifier { get; init; }
}
