namespace Auscult.Torch.Models;

/// <summary>Which training data the validation loss is computed on.</summary>
public enum ValidationHoldOut
{
    /// <summary>
    /// The last fraction of the vectors, before shuffling: Keras's <c>validation_split</c>, as the DCASE 2020 Keras
    /// baseline. On a small set this is the whole last clip, which then never trains the model.
    /// </summary>
    LastVectors,

    /// <summary>
    /// A seeded random fraction of the vectors of every clip (the DCASE 2023 PyTorch baseline's
    /// <c>train_test_split</c> of frames): every clip trains the model with the rest of its frames.
    /// </summary>
    RandomVectors,

    /// <summary>
    /// A seeded random fraction of the clips (at least one): the validation loss measures clips the model never saw.
    /// The kept epoch count is then retrained on every clip, so no clip is wasted (twice the training time).
    /// </summary>
    RandomClips,
}
