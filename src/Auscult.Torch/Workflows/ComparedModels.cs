using Auscult.Data;
using Auscult.Torch.Detection;

namespace Auscult.Torch.Workflows;

/// <summary>The autoencoder and the classifier trained on the same split and evaluated on the same test clips.</summary>
/// <remarks>Owns both models and their detectors; dispose it when done.</remarks>
public sealed class ComparedModels : IDisposable
{
    internal ComparedModels(ClipSelection.Selection labelled, ClipSelection.Selection normals, ClipSelection.Selection test,
        TrainedAutoencoder autoencoder, TrainedClassifier classifier, Detector autoencoderDetector, Detector classifierDetector,
        EvaluatedModel autoencoderEvaluation, EvaluatedModel classifierEvaluation)
    {
        Labelled = labelled;
        Normals = normals;
        Test = test;
        Autoencoder = autoencoder;
        Classifier = classifier;
        AutoencoderDetector = autoencoderDetector;
        ClassifierDetector = classifierDetector;
        AutoencoderEvaluation = autoencoderEvaluation;
        ClassifierEvaluation = classifierEvaluation;
    }

    /// <summary>The labelled training part (the classifier's training clips).</summary>
    public ClipSelection.Selection Labelled { get; }

    /// <summary>Its normal clips only: the autoencoder's training clips.</summary>
    public ClipSelection.Selection Normals { get; }

    /// <summary>The held-out clips both models are evaluated on.</summary>
    public ClipSelection.Selection Test { get; }

    public TrainedAutoencoder Autoencoder { get; }

    public TrainedClassifier Classifier { get; }

    /// <summary>The autoencoder as saved, loaded back: the detector every host would build from its file.</summary>
    public Detector AutoencoderDetector { get; }

    /// <summary>The classifier as saved, loaded back.</summary>
    public Detector ClassifierDetector { get; }

    public EvaluatedModel AutoencoderEvaluation { get; }

    public EvaluatedModel ClassifierEvaluation { get; }

    public void Dispose()
    {
        AutoencoderDetector.Dispose();
        ClassifierDetector.Dispose();
        Autoencoder.Dispose();
        Classifier.Dispose();
    }
}
