using Auscult.Features;

namespace Auscult.Torch.Scoring;

/// <summary>A clip's anomaly score and the map of where in time and frequency it comes from.</summary>
/// <param name="Score">The clip's score, as <see cref="IAnomalyScorer.Score"/> gives it.</param>
/// <param name="Map">A non-negative value per frame and mel band, [frames x mels] like the clip: larger where the clip looks more anomalous.</param>
/// <param name="Quantity">What the map's values are, for a legend: e.g. "Reconstruction error".</param>
public sealed record AnomalyExplanation(double Score, FeatureMatrix Map, string Quantity);
