namespace Auscult.Server.Alerts;

/// <summary>
/// One recorded change of an alert: what, who, when, from which state to which (an escalation keeps the state). The
/// engine keeps them in <see cref="Alert.History"/> while the alert is not closed; the service stores each once (by
/// <paramref name="Id"/>) and answers them with the alert (<c>GET /api/v1/alerts/{id}</c>).
/// </summary>
/// <param name="Id">The event's id (a UUIDv7, chosen by the engine).</param>
/// <param name="AlertId">The alert.</param>
/// <param name="Type">What happened.</param>
/// <param name="At">When (the engine's clock).</param>
/// <param name="Actor">Who: the operator (an API key's id or a user), or <see cref="AlertEngine.SystemActor"/> for the rules.</param>
/// <param name="From">The state before; null when the alert opened.</param>
/// <param name="To">The state after.</param>
/// <param name="Note">The operator's note, or the rule's reason.</param>
public sealed record AlertEvent(string Id, string AlertId, AlertChangeType Type, DateTimeOffset At, string Actor, AlertState? From, AlertState To, string? Note)
{
    /// <summary>A new event of <paramref name="alertId"/> with a fresh id.</summary>
    public static AlertEvent Create(string alertId, AlertChangeType type, DateTimeOffset at, string actor, AlertState? from, AlertState to, string? note) =>
        new(Guid.CreateVersion7(at).ToString(), alertId, type, at, actor, from, to, note);
}
