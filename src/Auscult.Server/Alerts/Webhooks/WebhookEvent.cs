namespace Auscult.Server.Alerts.Webhooks;

/// <summary>
/// The JSON body of a webhook POST: one alert change. Field names are camelCase and enums their wire names
/// (<see cref="AlertJson.Options"/>).
/// </summary>
/// <param name="Id">The event's id (a UUIDv7); retries of one event keep it, so receivers can drop duplicates.</param>
/// <param name="Type"><c>alert.</c> + the change: <c>alert.opened</c>, <c>alert.escalated</c>, <c>alert.updated</c>,
/// <c>alert.cleared</c>, <c>alert.acknowledged</c>, <c>alert.confirmed</c>, <c>alert.rejected</c>.</param>
/// <param name="OccurredAt">When the change happened.</param>
/// <param name="Notify">Whether the change is a notification (false only for receivers of all changes).</param>
/// <param name="MachineId">The machine.</param>
/// <param name="AlertId">The alert.</param>
/// <param name="Kind">The alert's kind.</param>
/// <param name="Severity">Warning or alarm.</param>
/// <param name="State">The alert's state after the change.</param>
/// <param name="Reason">Why, with the figures.</param>
/// <param name="OpenedAt">When the alert opened.</param>
/// <param name="ClosedAt">When it closed, if it has.</param>
/// <param name="ClipCount">How many clips joined it.</param>
/// <param name="PeakScore">Its highest score.</param>
/// <param name="Actor">Who made the change (an operator, or <c>auscult</c> for the rules); null for updates.</param>
/// <param name="Note">The operator's note.</param>
/// <param name="ConfirmedKind">The kind an operator confirmed.</param>
/// <param name="Links">Where to see the alert and the machine.</param>
public sealed record WebhookEvent(
    string Id,
    string Type,
    DateTimeOffset OccurredAt,
    bool Notify,
    string MachineId,
    string AlertId,
    string Kind,
    AlertSeverity Severity,
    AlertState State,
    string Reason,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    int ClipCount,
    double? PeakScore,
    string? Actor,
    string? Note,
    string? ConfirmedKind,
    WebhookLinks Links)
{
    /// <summary>The event of one alert change.</summary>
    /// <param name="change">The change.</param>
    /// <param name="publicBaseUrl">The service's public address for absolute links; null for links relative to it.</param>
    public static WebhookEvent From(AlertChange change, Uri? publicBaseUrl = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        var alert = change.Alert;
        var at = change.Event?.At ?? alert.UpdatedAt;
        string alertPath = $"{ServerInfo.ApiPrefix}/alerts/{Uri.EscapeDataString(alert.Id)}";
        string machinePath = $"{ServerInfo.ApiPrefix}/machines/{Uri.EscapeDataString(alert.MachineId)}";
        return new WebhookEvent(Guid.CreateVersion7(at).ToString(), "alert." + WireNames.Of(change.Type), at, change.Notify, alert.MachineId,
            alert.Id, alert.Kind, alert.Severity, alert.State, alert.Reason, alert.OpenedAt, alert.ClosedAt, alert.ClipCount, alert.PeakScore,
            change.Event?.Actor, change.Event?.Note ?? alert.Note, alert.ConfirmedKind,
            new WebhookLinks(Link(publicBaseUrl, alertPath), Link(publicBaseUrl, machinePath)));
    }

    private static string Link(Uri? baseUrl, string path) => baseUrl is null ? path : new Uri(baseUrl, path).ToString();
}
