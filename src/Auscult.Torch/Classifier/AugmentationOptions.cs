namespace Auscult.Torch.Classifier;

/// <summary>
/// Spectrogram augmentation applied to each training image (never to validation or scoring): a random circular
/// shift in time, SpecAugment-style time and frequency masks, and mixup of whole batches. Each can be switched off.
/// </summary>
/// <remarks>
/// Masks set the (standardised) values to 0, the training mean of each band, as SpecAugment masks to the mean.
/// Mixup (Zhang et al. 2018) blends each batch with a permutation of itself, <c>x = l*x_a + (1-l)*x_b</c> with
/// <c>l ~ Beta(alpha, alpha)</c>, and the loss with the same weights.
/// </remarks>
public sealed record AugmentationOptions
{
    /// <summary>Whether each image is rolled along time by a random offset (machine sounds are stationary, so a roll keeps the label). Default true.</summary>
    public bool TimeRoll { get; init; } = true;

    /// <summary>Time masks per image. Default 1.</summary>
    public int TimeMasks { get; init; } = 1;

    /// <summary>Widest time mask as a fraction of the frames. Default 0.1.</summary>
    public double MaxTimeMaskFraction { get; init; } = 0.1;

    /// <summary>Frequency masks per image. Default 1.</summary>
    public int FrequencyMasks { get; init; } = 1;

    /// <summary>Widest frequency mask as a fraction of the mel bands. Default 0.1.</summary>
    public double MaxFrequencyMaskFraction { get; init; } = 0.1;

    /// <summary>
    /// Mixup's Beta parameter; 0 turns mixup off. Default 0 (off): its benefit on these data sets is not measured
    /// yet, and blended targets need more epochs than a minutes-long budget may allow.
    /// </summary>
    public double MixupAlpha { get; init; }

    /// <summary>No augmentation at all.</summary>
    public static AugmentationOptions None { get; } = new() { TimeRoll = false, TimeMasks = 0, FrequencyMasks = 0, MixupAlpha = 0 };

    /// <summary>Throws an <see cref="AuscultException"/> naming the first setting out of range.</summary>
    public AugmentationOptions Validate()
    {
        if (TimeMasks < 0 || FrequencyMasks < 0)
        {
            throw new ConfigurationException("Mask counts must not be negative.");
        }

        if (MaxTimeMaskFraction is < 0 or > 1 || MaxFrequencyMaskFraction is < 0 or > 1)
        {
            throw new ConfigurationException("Mask fractions must lie in [0, 1].");
        }

        if (MixupAlpha < 0 || !double.IsFinite(MixupAlpha))
        {
            throw new ConfigurationException($"Mixup alpha {MixupAlpha} must be 0 (off) or positive.");
        }

        return this;
    }
}
