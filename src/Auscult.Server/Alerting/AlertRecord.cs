using Auscult.Server.Alerts;

namespace Auscult.Server.Alerting;

/// <summary>An alert: one per machine and kind until it closes, updated rather than repeated.</summary>
/// <param name="Id">Its id.</param>
/// <param name="MachineId">The machine.</param>
/// <param name="Kind">A fault kind (<c>anomaly</c> when unnamed), <c>input</c> or <c>drift</c>.</param>
/// <param name="State">Its state.</param>
/// <param name="Severity">Warning or alarm.</param>
/// <param name="OpenedAt">When it opened.</param>
/// <param name="UpdatedAt">When it last changed (a state change or a new clip).</param>
/// <param name="ClosedAt">When it closed, or null.</param>
/// <param name="FirstClipId">The clip that opened it.</param>
/// <param name="LastClipId">The newest clip in it.</param>
/// <param name="ClipCount">Clips in it.</param>
/// <param name="PeakScore">The highest score among them.</param>
/// <param name="ConfirmedKind">The kind an operator confirmed.</param>
/// <param name="Note">The last note.</param>
public sealed record AlertRecord(string Id, string MachineId, string Kind, AlertState State, AlertSeverity Severity, DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt, string? FirstClipId, string? LastClipId, int ClipCount, double? PeakScore,
    string? ConfirmedKind, string? Note);
