using Auscult.Torch.Bundles;
using Auscult.Torch.Classifier;

namespace Auscult.Torch.Workflows;

/// <summary>A classifier trained by <see cref="ClassifierTraining"/>: its bundle and the search that chose it.</summary>
/// <remarks>Owns the model: dispose it when the bundle is no longer used.</remarks>
public sealed class TrainedClassifier : IDisposable
{
    internal TrainedClassifier(ClassifierModel model, ModelBundle bundle, int clipCount, int anomalyClipCount, IReadOnlyList<string> classNames, TimeSpan elapsed)
    {
        Model = model;
        Bundle = bundle;
        ClipCount = clipCount;
        AnomalyClipCount = anomalyClipCount;
        ClassNames = classNames;
        Elapsed = elapsed;
    }

    /// <summary>The model, with its search's trials (<see cref="ClassifierModel.Training"/>).</summary>
    public ClassifierModel Model { get; }

    /// <summary>The model with its threshold, ready to save or to decide with.</summary>
    public ModelBundle Bundle { get; }

    /// <summary>Labelled clips trained and validated on.</summary>
    public int ClipCount { get; }

    /// <summary>Of which anomalous.</summary>
    public int AnomalyClipCount { get; }

    /// <summary>The classes, normal first; more than two when the data names each anomaly's kind.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The whole workflow's time.</summary>
    public TimeSpan Elapsed { get; }

    public void Dispose()
    {
        Bundle.Dispose();
        Model.Dispose();
    }
}
