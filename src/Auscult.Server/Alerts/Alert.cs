namespace Auscult.Server.Alerts;

/// <summary>An alert on one machine, as the engine keeps it while it is not closed and returns it with every change.</summary>
/// <param name="Id">A UUIDv7 (sorts by opening time), chosen by the engine.</param>
/// <param name="MachineId">The machine.</param>
/// <param name="Kind">A fault kind (<see cref="AlertKinds.Anomaly"/> when the model names none), <c>input</c> or <c>drift</c>.
/// Fixed at opening: one open alert per machine and kind.</param>
/// <param name="Severity">Warning or alarm (input alerts: warning).</param>
/// <param name="State">Open, acknowledged, confirmed, rejected or closed.</param>
/// <param name="Reason">Why, in words with the figures, as of the latest opening, escalation or update.</param>
/// <param name="OpenedAt">When it opened.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="ClosedAt">When it closed; null while not closed.</param>
/// <param name="FirstClipId">The first clip that joined it.</param>
/// <param name="LastClipId">The latest clip that joined it.</param>
/// <param name="ClipCount">How many clips joined it (each <see cref="AlertChange.ClipIds"/> of its changes).</param>
/// <param name="PeakScore">The highest score among its clips; null for input alerts.</param>
/// <param name="ConfirmedKind">The kind an operator confirmed; null until confirmed.</param>
/// <param name="Note">The latest operator note.</param>
/// <param name="History">Every change but updates, oldest first: opened, escalated, acknowledged, confirmed or rejected, cleared.</param>
public sealed record Alert(
    string Id,
    string MachineId,
    string Kind,
    AlertSeverity Severity,
    AlertState State,
    string Reason,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    string? FirstClipId,
    string? LastClipId,
    int ClipCount,
    double? PeakScore,
    string? ConfirmedKind,
    string? Note,
    IReadOnlyList<AlertEvent> History)
{
    /// <summary>Whether an operator has handled it (acknowledged, confirmed or rejected): it notifies again only when it clears.</summary>
    public bool IsHandled => State is AlertState.Acknowledged or AlertState.Confirmed or AlertState.Rejected;
}
