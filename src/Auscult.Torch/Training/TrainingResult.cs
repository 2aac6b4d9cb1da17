using Auscult.Torch.Models;

namespace Auscult.Torch.Training;

/// <summary>A trained model and how training went. Disposing it disposes the model.</summary>
public sealed class TrainingResult : IDisposable
{
    internal TrainingResult(AutoencoderModel model, IReadOnlyList<TrainingProgress> history, int clipCount, int vectorCount, int validationVectorCount)
    {
        Model = model;
        History = history;
        ClipCount = clipCount;
        VectorCount = vectorCount;
        ValidationVectorCount = validationVectorCount;
    }

    /// <summary>The trained model, in inference mode.</summary>
    public AutoencoderModel Model { get; }

    /// <summary>One entry per epoch.</summary>
    public IReadOnlyList<TrainingProgress> History { get; }

    /// <summary>Training clips given.</summary>
    public int ClipCount { get; }

    /// <summary>All context vectors, validation included.</summary>
    public int VectorCount { get; }

    /// <summary>Context vectors held out for the validation loss (see <see cref="HoldOut"/>).</summary>
    public int ValidationVectorCount { get; }

    /// <summary>How the validation vectors were chosen.</summary>
    public ValidationHoldOut HoldOut { get; init; }

    /// <summary>
    /// The epoch whose weights the model has: the one of lowest validation loss with
    /// <see cref="AutoencoderPreset.KeepBestEpoch"/>, else the last. With <see cref="ValidationHoldOut.RandomClips"/>
    /// the final model was retrained on every clip for this many epochs.
    /// </summary>
    public int KeptEpoch { get; init; }

    /// <summary>
    /// Indices of the clips held out for validation (<see cref="ValidationHoldOut.RandomClips"/>); empty otherwise.
    /// They train the final model all the same.
    /// </summary>
    public IReadOnlyList<int> HeldOutClips { get; init; } = [];

    /// <summary>Wall time of the whole training, retraining included.</summary>
    public TimeSpan Elapsed { get; init; }

    public void Dispose() => Model.Dispose();
}
