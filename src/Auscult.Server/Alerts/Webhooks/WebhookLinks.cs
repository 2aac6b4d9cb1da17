namespace Auscult.Server.Alerts.Webhooks;

/// <summary>Where a webhook event's alert and machine can be seen (API addresses).</summary>
/// <param name="Alert">The alert: <c>/api/v1/alerts/{id}</c>.</param>
/// <param name="Machine">The machine: <c>/api/v1/machines/{id}</c>.</param>
public sealed record WebhookLinks(string Alert, string Machine);
