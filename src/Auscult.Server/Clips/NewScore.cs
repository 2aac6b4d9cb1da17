namespace Auscult.Server.Clips;

/// <summary>A score about to be stored (the scores row).</summary>
public sealed record NewScore(string Id, string ClipId, string MachineId, string? ModelId, DateTimeOffset ClipAt, DateTimeOffset ScoredAt, double? Score,
    double? Threshold, Verdict Verdict, string? Kind, string? UnfitReason)
{
    /// <summary>The instance that made the score (<see cref="ServerInstance.Id"/>); null when unknown.</summary>
    public string? InstanceId { get; init; }
}
