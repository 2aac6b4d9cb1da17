namespace Auscult.Agent.Scoring;

/// <summary>A clip's score from a model on the device.</summary>
/// <param name="ModelId">The bundle's identity (its SHA-256).</param>
/// <param name="Score">The anomaly score.</param>
/// <param name="Threshold">The bundle's threshold; the verdict is anomalous when the score exceeds it.</param>
/// <param name="Verdict"><c>normal</c>, <c>anomalous</c> or <c>input-unfit</c> (OPERATIONS.md's words).</param>
public sealed record LocalScore(string ModelId, double Score, double Threshold, string Verdict);
