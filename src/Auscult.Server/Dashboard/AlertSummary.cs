namespace Auscult.Server.Dashboard;

/// <summary>An alert as the dashboard shows it (words, not enums, so the pages do not depend on the alert engine's types).</summary>
/// <param name="Id">Its id.</param>
/// <param name="MachineId">The machine.</param>
/// <param name="Kind">Its kind: a fault kind, <c>anomaly</c>, <c>input</c> or <c>drift</c>.</param>
/// <param name="Severity"><c>warning</c> or <c>alarm</c>.</param>
/// <param name="State"><c>open</c>, <c>acknowledged</c>, <c>confirmed</c>, <c>rejected</c> or <c>closed</c>.</param>
/// <param name="OpenedAt">When it opened.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="ClosedAt">When it closed, or null.</param>
/// <param name="LastClipId">Its newest clip.</param>
/// <param name="ClipCount">How many clips it holds.</param>
/// <param name="PeakScore">Its highest score.</param>
/// <param name="ConfirmedKind">The kind an operator confirmed.</param>
/// <param name="Note">The last note.</param>
public sealed record AlertSummary(string Id, string MachineId, string Kind, string Severity, string State, DateTimeOffset OpenedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt, string? LastClipId, int ClipCount, double? PeakScore, string? ConfirmedKind, string? Note)
{
    /// <summary>Whether it waits for an operator's decision (open or acknowledged).</summary>
    public bool AwaitsDecision => State is "open" or "acknowledged";
}
