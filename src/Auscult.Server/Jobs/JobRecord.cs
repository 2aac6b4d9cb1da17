namespace Auscult.Server.Jobs;

/// <summary>A training job as stored.</summary>
/// <param name="Id">UUIDv7.</param>
/// <param name="Kind">What it trains.</param>
/// <param name="MachineType">For which machine type.</param>
/// <param name="State">Where it is.</param>
/// <param name="RequestedBy">Who asked (<c>user:NAME</c> or a key id).</param>
/// <param name="CreatedAt">When it was asked for.</param>
/// <param name="StartedAt">When an instance claimed it.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Holder">The instance that runs or ran it.</param>
/// <param name="LeaseExpiresAt">Until when the holder's lease holds (renewed while it runs).</param>
/// <param name="CancelRequested">Whether someone asked to cancel it.</param>
/// <param name="Progress">How far it is.</param>
/// <param name="Error">Why it failed, in words for the person who started it.</param>
/// <param name="ResultModelId">The model it trained (registered, not active).</param>
/// <param name="Evaluation">The new model beside the active one.</param>
/// <param name="Decision">Promoted or discarded, once decided.</param>
/// <param name="DecidedBy">Who decided.</param>
/// <param name="DecidedAt">When.</param>
public sealed record JobRecord(string Id, JobKind Kind, string MachineType, JobState State, string RequestedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Holder, DateTimeOffset? LeaseExpiresAt, bool CancelRequested, JobProgress Progress,
    string? Error, string? ResultModelId, JobEvaluation? Evaluation, JobDecision? Decision, string? DecidedBy, DateTimeOffset? DecidedAt)
{
    /// <summary>Whether it has ended (succeeded, failed or cancelled).</summary>
    public bool IsFinished => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}
