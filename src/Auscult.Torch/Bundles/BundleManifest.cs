using Auscult.Features;

namespace Auscult.Torch.Bundles;

/// <summary>The <c>manifest.json</c> of a model bundle: everything needed to rebuild, check and use the model.</summary>
public sealed record BundleManifest
{
    /// <summary>Bumped whenever a reader of the previous format would misread this one.</summary>
    public required int FormatVersion { get; init; }

    /// <summary>Always <c>autoencoder</c> for now.</summary>
    public required string ModelKind { get; init; }

    public required string Preset { get; init; }

    public required ModelArchitecture Architecture { get; init; }

    /// <summary>The feature options the model was trained with; scoring refuses features made with others.</summary>
    public required FeatureOptions Features { get; init; }

    /// <summary>Input normalisation: <c>none</c>, as the baselines (log-mel values go in as they are).</summary>
    public required string Normalization { get; init; }

    public ThresholdSpec? Threshold { get; init; }

    public required TrainingDataSummary TrainingData { get; init; }

    public required int Seed { get; init; }

    public required int Epochs { get; init; }

    public required int BatchSize { get; init; }

    public required double LearningRate { get; init; }

    public required double ValidationFraction { get; init; }

    public required BundleVersions Versions { get; init; }

    public required DateTimeOffset CreatedUtc { get; init; }
}
