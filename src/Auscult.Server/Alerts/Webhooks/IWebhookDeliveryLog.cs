namespace Auscult.Server.Alerts.Webhooks;

/// <summary>
/// Where every webhook delivery attempt is recorded (the storage implements it with a table; tests and a
/// database-less host use <see cref="InMemoryWebhookDeliveryLog"/>). Called from the notifier's background worker,
/// never from scoring.
/// </summary>
public interface IWebhookDeliveryLog
{
    /// <summary>Records one attempt. A failure here is logged by the notifier and does not stop deliveries.</summary>
    ValueTask RecordAsync(WebhookDeliveryAttempt attempt, CancellationToken cancellationToken);
}
