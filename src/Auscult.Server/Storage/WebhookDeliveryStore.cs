using Auscult.Server.Alerts.Webhooks;
using Dapper;

namespace Auscult.Server.Storage;

/// <summary>The webhook delivery log in the database (the webhook_deliveries table): one row per attempt.</summary>
public sealed class WebhookDeliveryStore : IWebhookDeliveryLog
{
    private readonly AuscultDatabase _database;

    public WebhookDeliveryStore(AuscultDatabase database) => _database = database;

    /// <inheritdoc />
    public async ValueTask RecordAsync(WebhookDeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        await _database.WithConnectionAsync(c => c.ExecuteAsync(
            """
            INSERT INTO webhook_deliveries (id, event_id, event_type, alert_id, machine_id, receiver, attempt, max_attempts, started_at, duration_ms,
                status_code, error, outcome, next_attempt_at)
            VALUES (@id, @EventId, @EventType, @AlertId, @MachineId, @receiver, @Attempt, @MaxAttempts, @startedAt, @durationMs, @StatusCode, @Error,
                @outcome, @nextAttemptAt)
            """,
            new
            {
                id = Guid.CreateVersion7(attempt.StartedAt).ToString(),
                attempt.EventId,
                attempt.EventType,
                attempt.AlertId,
                attempt.MachineId,
                receiver = ReceiverOf(attempt.Url),
                attempt.Attempt,
                attempt.MaxAttempts,
                startedAt = UnixTime.Of(attempt.StartedAt),
                durationMs = (long)Math.Round(attempt.Duration.TotalMilliseconds),
                attempt.StatusCode,
                attempt.Error,
                outcome = WireNames.Of(attempt.Outcome),
                nextAttemptAt = attempt.NextAttemptAt is { } next ? UnixTime.Of(next) : (long?)null,
            }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The attempts, oldest first, optionally of one alert.</summary>
    public Task<IReadOnlyList<WebhookDeliveryAttempt>> ListAsync(string? alertId = null, int limit = 1_000, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<WebhookDeliveryAttempt>>(async c =>
            [.. (await c.QueryAsync<Row>(
                """
                SELECT event_id, event_type, alert_id, machine_id, receiver, attempt, max_attempts, started_at, duration_ms, status_code, error, outcome,
                    next_attempt_at
                FROM webhook_deliveries WHERE (@alertId IS NULL OR alert_id = @alertId) ORDER BY started_at, id LIMIT @limit
                """,
                new { alertId, limit }).ConfigureAwait(false)).Select(r => r.ToAttempt())],
            cancellationToken);

    /// <summary>What the log keeps of a receiver: scheme, host and port (chat tools put their secret in the path).</summary>
    public static string ReceiverOf(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.GetLeftPart(UriPartial.Authority);
    }

    private sealed class Row
    {
        public string EventId { get; set; } = "";
        public string EventType { get; set; } = "";
        public string AlertId { get; set; } = "";
        public string MachineId { get; set; } = "";
        public string Receiver { get; set; } = "";
        public long Attempt { get; set; }
        public long MaxAttempts { get; set; }
        public long StartedAt { get; set; }
        public long DurationMs { get; set; }
        public long? StatusCode { get; set; }
        public string? Error { get; set; }
        public string Outcome { get; set; } = "";
        public long? NextAttemptAt { get; set; }

        public WebhookDeliveryAttempt ToAttempt() => new(EventId, EventType, AlertId, MachineId, new Uri(Receiver), (int)Attempt, (int)MaxAttempts,
            UnixTime.From(StartedAt), TimeSpan.FromMilliseconds(DurationMs), (int?)StatusCode, Error, WireNames.Parse<WebhookDeliveryOutcome>(Outcome),
            UnixTime.From(NextAttemptAt));
    }
}
