using Auscult.Health;

namespace Auscult.Scoring;

/// <summary>A managed detector's decision on one clip: the same fields as the TorchSharp detector's <c>ClipDecision</c> for an autoencoder.</summary>
/// <param name="Source">The clip's name, or null.</param>
/// <param name="Verdict">Normal, anomalous, or input unfit.</param>
/// <param name="Score">The anomaly score (mean squared reconstruction error); null when the input is unfit.</param>
/// <param name="Threshold">The model's threshold: scores above it are anomalous.</param>
/// <param name="ModelId">The model's identity (SHA-256 of the bundle, lower-case hex).</param>
/// <param name="Health">The input checks of the clip.</param>
/// <param name="UnfitReason">Why the input is unfit, in words; null when it was scored.</param>
public sealed record ManagedDecision(string? Source, ScoreVerdict Verdict, double? Score, double Threshold, string ModelId, InputHealth Health,
    string? UnfitReason);
