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

    /// <summary>Context vectors held out for the validation loss (the last ones, as Keras's validation_split).</summary>
    public int ValidationVectorCount { get; }

    public void Dispose() => Model.Dispose();
}
