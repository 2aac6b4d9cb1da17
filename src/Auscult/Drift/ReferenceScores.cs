namespace Auscult.Drift;

/// <summary>The score distribution a drift monitor compares a machine's recent scores with, and where it comes from.</summary>
/// <param name="Source">Which clips and model produced the scores.</param>
/// <param name="Scores">Their distribution; its <see cref="ScoreDistribution.Count"/> is the number of reference clips.</param>
public sealed record ReferenceScores(ReferenceScoreSource Source, ScoreDistribution Scores);
