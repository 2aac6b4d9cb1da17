namespace Auscult.Server.Storage;

/// <summary>How often one sender's clip id of a machine is stored, and how often scored.</summary>
/// <param name="MachineId">The machine.</param>
/// <param name="ClientClipId">The sender's clip id (<c>X-Clip-Id</c>, the MQTT <c>clipId</c>).</param>
/// <param name="Clips">Clip rows with this id (the schema allows one).</param>
/// <param name="Scores">Score rows of those clips.</param>
/// <param name="FirstScoredAt">When the first score was stored, or null when there is none.</param>
/// <param name="ScoredBy">The instance that scored it (the first in name order if several did), or null when unknown.</param>
public sealed record StoredClipCount(string MachineId, string ClientClipId, int Clips, int Scores, DateTimeOffset? FirstScoredAt, string? ScoredBy = null);
