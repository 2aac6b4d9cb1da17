using Auscult.Features;
using Auscult.Torch.Scoring;

namespace Auscult.Torch.Detection;

/// <summary>A clip's features and where its anomaly score comes from (<see cref="Detector.ExplainReconstruction"/>).</summary>
/// <param name="LogMel">The clip's log-mel matrix, [frames x mels], as the model saw it.</param>
/// <param name="Explanation">The score and the per-cell map, the same shape as <paramref name="LogMel"/>.</param>
public sealed record ClipExplanation(FeatureMatrix LogMel, AnomalyExplanation Explanation);
