namespace Auscult.Server.Alerting;

/// <summary>One state change of an alert, with who and when (its opening has no <paramref name="From"/>).</summary>
/// <param name="Id">The event's id.</param>
/// <param name="AlertId">The alert.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who: an API key's id, a user, or <c>system</c> (the alert rules).</param>
/// <param name="From">The state before, or null for the opening.</param>
/// <param name="To">The state after.</param>
/// <param name="Note">A note given with the change.</param>
public sealed record AlertEvent(string Id, string AlertId, DateTimeOffset At, string Actor, AlertState? From, AlertState To, string? Note);
