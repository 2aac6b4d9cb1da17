namespace Auscult.Agent.Load;

/// <summary>What the database holds for one sender's clip id (read by the run's check).</summary>
/// <param name="ClipId">The sender's clip id.</param>
/// <param name="Clips">Clip rows with this id (1 when stored once).</param>
/// <param name="Scores">Score rows of those clips (1 when scored once).</param>
/// <param name="FirstScoredAt">When its first score was stored, or null.</param>
/// <param name="ScoredBy">The service instance that scored it, or null when unknown.</param>
public sealed record StoredClip(Guid ClipId, int Clips, int Scores, DateTimeOffset? FirstScoredAt, string? ScoredBy = null);
