namespace Auscult.Server.Alerts.Webhooks;

/// <summary>One attempt to deliver one event to one receiver, as the delivery log records it.</summary>
/// <param name="EventId">The event (the same for all its attempts).</param>
/// <param name="EventType">E.g. <c>alert.opened</c>.</param>
/// <param name="AlertId">The alert.</param>
/// <param name="MachineId">The machine.</param>
/// <param name="Url">The receiver.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="MaxAttempts">The attempts allowed.</param>
/// <param name="StartedAt">When it was sent.</param>
/// <param name="Duration">How long until the answer or the failure.</param>
/// <param name="StatusCode">The HTTP status answered; null when none came.</param>
/// <param name="Error">What went wrong, in words; null when delivered.</param>
/// <param name="Outcome">Delivered, retrying or failed.</param>
/// <param name="NextAttemptAt">When the next attempt is due, when retrying.</param>
public sealed record WebhookDeliveryAttempt(
    string EventId,
    string EventType,
    string AlertId,
    string MachineId,
    Uri Url,
    int Attempt,
    int MaxAttempts,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int? StatusCode,
    string? Error,
    WebhookDeliveryOutcome Outcome,
    DateTimeOffset? NextAttemptAt);
