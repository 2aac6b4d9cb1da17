using Auscult.Features;

namespace Auscult.Torch.Scoring;

/// <summary>
/// Scores clips with any kind of trained model, so that evaluation and serving treat autoencoders and classifiers
/// alike: higher is more anomalous, and the bundle's threshold (<see cref="Bundles.BundleManifest.Threshold"/>) is on
/// this scale. Get one from <see cref="Bundles.ModelBundle.CreateScorer"/>. Not thread-safe.
/// </summary>
public interface IAnomalyScorer : IDisposable
{
    /// <summary>
    /// The anomaly score of one clip's log-mel matrix, [frames x mels] as <c>ClipFeatureExtractor.LogMel</c> makes it:
    /// the mean squared reconstruction error of its context vectors for an autoencoder, the anomaly probability
    /// (1 - P(normal)) for a classifier.
    /// </summary>
    double Score(FeatureMatrix logMel);

    /// <summary>
    /// Scores a clip and maps where the score comes from: per frame and mel band, the squared reconstruction error for
    /// an autoencoder, the fall in anomaly probability when that region is hidden (occlusion) for a classifier.
    /// </summary>
    AnomalyExplanation Explain(FeatureMatrix logMel);
}
