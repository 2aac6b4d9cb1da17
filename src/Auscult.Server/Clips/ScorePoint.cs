namespace Auscult.Server.Clips;

/// <summary>One score of one clip (a point of a machine's score timeline).</summary>
/// <param name="ClipId">The clip.</param>
/// <param name="MachineId">The machine.</param>
/// <param name="At">The clip's time: recorded, else received.</param>
/// <param name="ScoredAt">When it was scored.</param>
/// <param name="ModelId">The model; null for no-model.</param>
/// <param name="Score">The score; null when unfit or no model.</param>
/// <param name="Threshold">The threshold used.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Kind">The most likely anomaly kind, when named.</param>
/// <param name="AlertId">The alert it opened or updated.</param>
/// <param name="UnfitReason">Why the input is unfit.</param>
public sealed record ScorePoint(string ClipId, string MachineId, DateTimeOffset At, DateTimeOffset ScoredAt, string? ModelId, double? Score,
    double? Threshold, Verdict Verdict, string? Kind, string? AlertId, string? UnfitReason);
