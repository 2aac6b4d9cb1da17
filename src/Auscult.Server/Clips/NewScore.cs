namespace Auscult.Server.Clips;

/// <summary>A score about to be stored (the scores row).</summary>
public sealed record NewScore(string Id, string ClipId, string MachineId, string? ModelId, DateTimeOffset ClipAt, DateTimeOffset ScoredAt, double? Score,
    double? Threshold, Verdict Verdict, string? Kind, string? UnfitReason)
{
    /// <summary>The instance that made the score (<see cref="ServerInstance.Id"/>); null when unknown.</summary>
    public string? InstanceId { get; init; }

    /// <summary>The score's place in its machine's order of judgement (1, 2, ...), taken under the machine's row lock; null until then.</summary>
    public long? MachineSeq { get; init; }
}
