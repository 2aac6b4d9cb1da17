namespace Auscult.Server.Alerts;

/// <summary>One recorded change of an alert: who, when, from which state to which (an escalation keeps the state).</summary>
/// <param name="Type">What happened.</param>
/// <param name="At">When (the engine's clock).</param>
/// <param name="Actor">Who: the operator, or <see cref="AlertEngine.SystemActor"/> for the rules.</param>
/// <param name="FromState">The state before; null when the alert opened.</param>
/// <param name="ToState">The state after.</param>
/// <param name="Note">The operator's note, or the rule's reason.</param>
public sealed record AlertEvent(AlertChangeType Type, DateTimeOffset At, string Actor, AlertState? FromState, AlertState ToState, string? Note);
