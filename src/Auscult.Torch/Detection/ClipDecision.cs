using Auscult.Health;
using Auscult.Scoring;

namespace Auscult.Torch.Detection;

/// <summary>A detector's decision on one clip.</summary>
/// <param name="Source">The clip's name (a path, an upload's name), or null.</param>
/// <param name="Verdict">Normal, anomalous, or input unfit.</param>
/// <param name="Score">The anomaly score on the threshold's scale; null when the input is unfit.</param>
/// <param name="Threshold">The model's threshold: scores above it are anomalous.</param>
/// <param name="Kind">For a classifier that learned anomaly kinds, the most likely kind of an anomalous clip; else null.</param>
/// <param name="ModelId">The model's content identity (SHA-256 of the bundle, lower-case hex).</param>
/// <param name="Health">The input checks of the clip.</param>
/// <param name="UnfitReason">Why the input is unfit, in words; null when it was scored.</param>
public sealed record ClipDecision(string? Source, ScoreVerdict Verdict, double? Score, double Threshold, string? Kind, string ModelId,
    InputHealth Health, string? UnfitReason)
{
    /// <summary>Whether the verdict is <see cref="ScoreVerdict.Anomalous"/>.</summary>
    public bool IsAnomalous => Verdict == ScoreVerdict.Anomalous;
}
