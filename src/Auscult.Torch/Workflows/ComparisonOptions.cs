namespace Auscult.Torch.Workflows;

/// <summary>What <see cref="ModelComparisonRun.Run"/> trains.</summary>
public sealed record ComparisonOptions
{
    /// <summary>The autoencoder's training.</summary>
    public AutoencoderTrainingOptions Autoencoder { get; init; } = new();

    /// <summary>The classifier's training.</summary>
    public ClassifierTrainingOptions Classifier { get; init; } = new();
}
