namespace Auscult.Torch.Classifier;

/// <summary>Training settings shared by every trial of the classifier search.</summary>
public sealed record ClassifierOptions
{
    /// <summary>Seed of the split, the initial weights, the batch order, dropout and augmentation. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Fraction of each class held out for validation (early stopping, model choice, threshold). Default 0.2.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Most epochs per trial. Default 40.</summary>
    public int MaxEpochs { get; init; } = 40;

    /// <summary>Epochs in which neither the validation F1 nor the validation loss improves before a trial stops. Default 8.</summary>
    public int Patience { get; init; } = 8;

    /// <summary>Images per training step. Default 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Augmentation of the training images.</summary>
    public AugmentationOptions Augmentation { get; init; } = new();

    /// <summary>Throws an <see cref="AuscultException"/> naming the first setting out of range.</summary>
    public ClassifierOptions Validate()
    {
        if (ValidationFraction is <= 0 or >= 1)
        {
            throw new ConfigurationException($"Validation fraction {ValidationFraction} must lie in (0, 1): the classifier chooses its epoch, model and threshold on validation clips.");
        }

        if (MaxEpochs < 1 || Patience < 1)
        {
            throw new ConfigurationException("Epochs and patience must be positive.");
        }

        if (BatchSize < 2)
        {
            throw new ConfigurationException($"Batch size {BatchSize} must be at least 2 (batch normalisation needs two images).");
        }

        Augmentation.Validate();
        return this;
    }
}
