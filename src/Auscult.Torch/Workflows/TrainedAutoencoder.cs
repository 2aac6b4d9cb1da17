using Auscult.Torch.Bundles;
using Auscult.Torch.Training;

namespace Auscult.Torch.Workflows;

/// <summary>An autoencoder trained by <see cref="AutoencoderTraining"/>: its bundle and the figures of how it was trained.</summary>
/// <remarks>Owns the model: dispose it when the bundle is no longer used (after saving it, or when the detector built on it is done).</remarks>
public sealed class TrainedAutoencoder : IDisposable
{
    private readonly TrainingResult _trained;

    internal TrainedAutoencoder(TrainingResult trained, ModelBundle bundle, UnseenScores? unseen, TimeSpan elapsed)
    {
        _trained = trained;
        Bundle = bundle;
        Unseen = unseen;
        Elapsed = elapsed;
        TrainingProgress last = trained.History[^1];
        Epochs = last.Epoch;
        TrainLoss = last.TrainLoss;
        ValidationLoss = last.ValidationLoss;
    }

    /// <summary>The model with its threshold, ready to save or to decide with.</summary>
    public ModelBundle Bundle { get; }

    /// <summary>Normal clips held out from the training as the drift reference (0 when none).</summary>
    public int DriftReferenceClipCount { get; init; }

    /// <summary>Normal clips trained on.</summary>
    public int ClipCount => _trained.ClipCount;

    /// <summary>Context vectors trained on.</summary>
    public int VectorCount => _trained.VectorCount;

    /// <summary>Epochs run.</summary>
    public int Epochs { get; }

    /// <summary>The epoch whose weights were kept (lowest validation loss).</summary>
    public int KeptEpoch => _trained.KeptEpoch;

    /// <summary>The last epoch's training loss.</summary>
    public double TrainLoss { get; }

    /// <summary>The last epoch's validation loss, when a part was held out.</summary>
    public double? ValidationLoss { get; }

    /// <summary>Time the epochs took.</summary>
    public TimeSpan TrainingTime => _trained.Elapsed;

    /// <summary>Cross-fitted scores the threshold was fitted on; null when there were too few clips to cross-fit.</summary>
    public UnseenScores? Unseen { get; }

    /// <summary>The whole workflow's time: features, training, cross-fitting, threshold.</summary>
    public TimeSpan Elapsed { get; }

    public void Dispose()
    {
        Bundle.Dispose();
        _trained.Dispose();
    }
}
