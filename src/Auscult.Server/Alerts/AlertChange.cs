namespace Auscult.Server.Alerts;

/// <summary>
/// One change of one alert, to persist (upsert <see cref="Alert"/> by id, insert <see cref="Event"/>, link
/// <see cref="ClipIds"/>) and, when <see cref="Notify"/>, to send to the webhooks.
/// </summary>
/// <param name="Type">What happened.</param>
/// <param name="Alert">The alert after the change.</param>
/// <param name="Notify">Whether people should hear of it: openings, clears and operator actions always; escalations
/// only while the alert is open (not yet handled); updates never.</param>
/// <param name="ClipIds">The clips that joined the alert with this change (the triggering window's anomalous clips on
/// opening; the one clip on an update or escalation); empty otherwise.</param>
/// <param name="Event">The history entry this change adds (also the last of <see cref="Alert.History"/>); null for updates.</param>
public sealed record AlertChange(AlertChangeType Type, Alert Alert, bool Notify, IReadOnlyList<string> ClipIds, AlertEvent? Event);
