using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;

namespace Auscult.Server.Alerts.Webhooks;

/// <summary>
/// Sends alert changes to the configured webhooks without ever making scoring wait: <see cref="Publish(AlertOutcome)"/>
/// only queues (one bounded in-memory queue per receiver), and this background service delivers each receiver's
/// events in order, signed (<see cref="WebhookSignature"/>), with retries, recording every attempt in the
/// <see cref="IWebhookDeliveryLog"/>.
/// </summary>
/// <remarks>
/// Delivery is at least once per event while the process runs (a receiver de-duplicates by
/// <c>X-Auscult-Event-Id</c>), and best effort across restarts: queued events live in memory and are lost when the
/// process stops, and a receiver that stays down long enough to fill its queue loses the oldest waiting events
/// (<see cref="DroppedCount"/>). The alerts themselves are in the database either way; webhooks only announce them.
/// Receivers are independent: a slow or dead one delays only its own queue. A 2xx answer delivers; a network error,
/// a timeout, 408, 429 or 5xx is retried with backoff (<see cref="WebhookOptions"/>); another answer fails at once.
/// </remarks>
public sealed partial class WebhookNotifier : BackgroundService
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client the notifier uses.</summary>
    public const string HttpClientName = "auscult-webhooks";

    private readonly WebhookOptions _options;
    private readonly IHttpClientFactory _httpClients;
    private readonly IWebhookDeliveryLog _log;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookNotifier> _logger;
    private readonly Random _random;
    private readonly Channel<QueuedEvent>[] _queues;
    private long _dropped;

    /// <summary>A notifier for <paramref name="options"/> (validated here).</summary>
    /// <param name="options">Receivers, retries, queue size.</param>
    /// <param name="httpClients">Makes the <see cref="HttpClientName"/> client.</param>
    /// <param name="log">Records every attempt.</param>
    /// <param name="timeProvider">Clock for timestamps, backoff and timeouts.</param>
    /// <param name="logger">Where drops and failures are logged.</param>
    /// <param name="random">Source of jitter; null for a shared one.</param>
    /// <exception cref="ConfigurationException">The options are out of range.</exception>
    public WebhookNotifier(WebhookOptions options, IHttpClientFactory httpClients, IWebhookDeliveryLog log, TimeProvider timeProvider,
        ILogger<WebhookNotifier> logger, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Validate();
        _httpClients = httpClients;
        _log = log;
        _time = timeProvider;
        _logger = logger;
        _random = random ?? Random.Shared;
        _queues = [.. _options.Endpoints.Select(endpoint => Channel.CreateBounded<QueuedEvent>(
            new BoundedChannelOptions(_options.QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            dropped =>
            {
                Interlocked.Increment(ref _dropped);
                LogDropped(_logger, dropped.Event.Type, dropped.Event.AlertId, endpoint.Url);
            }))];
    }

    /// <summary>Events dropped because a receiver's queue was full, since start.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Events waiting in all queues (an attempt in progress or waiting to retry not included).</summary>
    public int QueuedCount => _queues.Sum(q => q.Reader.Count);

    /// <summary>Queues the changes of an outcome for the receivers that want them; returns at once.</summary>
    /// <returns>How many (event, receiver) deliveries were queued.</returns>
    public int Publish(AlertOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        int queued = 0;
        foreach (var change in outcome.Changes)
        {
            queued += Publish(change);
        }

        return queued;
    }

    /// <summary>Queues one change for the receivers that want it (all for a notification; those with
    /// <see cref="WebhookEndpoint.AllChanges"/> for a quiet change); returns at once.</summary>
    /// <returns>How many receivers it was queued for.</returns>
    public int Publish(AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        QueuedEvent? queued = null;
        int count = 0;
        for (int i = 0; i < _queues.Length; i++)
        {
            if (!change.Notify && !_options.Endpoints[i].AllChanges)
            {
                continue;
            }

            // One event, one body for every receiver: the same id and bytes, signed with each receiver's secret.
            queued ??= Queue(WebhookEvent.From(change, _options.PublicBaseUrl));
            if (_queues[i].Writer.TryWrite(queued))
            {
                count++;
            }
        }

        return count;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_queues.Select((queue, i) => DeliverAllAsync(_options.Endpoints[i], queue.Reader, stoppingToken)));

    private static QueuedEvent Queue(WebhookEvent webhookEvent) => new(webhookEvent, JsonSerializer.SerializeToUtf8Bytes(webhookEvent, AlertJson.Options));

    private async Task DeliverAllAsync(WebhookEndpoint endpoint, ChannelReader<QueuedEvent> reader, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var queued in reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await DeliverAsync(endpoint, queued, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One event's failure must not end the receiver's deliveries.
                    LogFailed(_logger, queued.Event.Type, queued.Event.AlertId, endpoint.Url, 0, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is lost (see the remarks).
        }
    }

    private async Task DeliverAsync(WebhookEndpoint endpoint, QueuedEvent queued, CancellationToken stoppingToken)
    {
        var webhookEvent = queued.Event;
        var client = _httpClients.CreateClient(HttpClientName);
        for (int attempt = 1; ; attempt++)
        {
            var startedAt = _time.GetUtcNow();
            long started = _time.GetTimestamp();
            var (status, error, retryable) = await SendAsync(client, endpoint, queued, startedAt, stoppingToken).ConfigureAwait(false);
            var duration = _time.GetElapsedTime(started);
            bool delivered = error is null;
            bool retry = !delivered && retryable && attempt < _options.MaxAttempts;
            Task? wait = null;
            DateTimeOffset? next = null;
            if (retry)
            {
                // The timer starts before the attempt is recorded, so whoever reads the log can already move the clock past it.
                var delay = Backoff(attempt);
                next = _time.GetUtcNow() + delay;
                wait = Task.Delay(delay, _time, stoppingToken);
            }

            var outcome = delivered ? WebhookDeliveryOutcome.Delivered : retry ? WebhookDeliveryOutcome.Retrying : WebhookDeliveryOutcome.Failed;
            await RecordAsync(new WebhookDeliveryAttempt(webhookEvent.Id, webhookEvent.Type, webhookEvent.AlertId, webhookEvent.MachineId, endpoint.Url,
                attempt, _options.MaxAttempts, startedAt, duration, status, error, outcome, next), stoppingToken).ConfigureAwait(false);
            if (wait is null)
            {
                if (!delivered)
                {
                    LogFailed(_logger, webhookEvent.Type, webhookEvent.AlertId, endpoint.Url, attempt, error!);
                }

                return;
            }

            await wait.ConfigureAwait(false);
        }
    }

    private async Task<(int? Status, string? Error, bool Retryable)> SendAsync(HttpClient client, WebhookEndpoint endpoint, QueuedEvent queued,
        DateTimeOffset now, CancellationToken stoppingToken)
    {
        long timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(queued.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.EventTypeHeader, queued.Event.Type);
        request.Headers.Add(WebhookSignature.EventIdHeader, queued.Event.Id);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(endpoint.Secret, timestamp, queued.Body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Auscult-Webhooks", "1"));
        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stoppingToken);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return (status, null, false);
            }

            bool retryable = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            return (status, $"the receiver answered {status} {response.ReasonPhrase}".TrimEnd(), retryable);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Our timeout, or the HttpClient's own.
            return (null, $"no answer within {_options.AttemptTimeout.TotalSeconds:0.###} s", true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Network errors (HttpRequestException) and anything a handler throws: worth another attempt.
            return (null, e.Message, true);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        double full = Math.Min(_options.MaxRetryDelay.TotalMilliseconds, _options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        double jittered;
        lock (_random)
        {
            jittered = full * (0.5 + (0.5 * _random.NextDouble()));
        }

        return TimeSpan.FromMilliseconds(jittered);
    }

    private async Task RecordAsync(WebhookDeliveryAttempt attempt, CancellationToken stoppingToken)
    {
        try
        {
            await _log.RecordAsync(attempt, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRecordFailed(_logger, attempt.EventType, attempt.AlertId, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook queue for {Url} is full: dropped the oldest event ({EventType} of alert {AlertId}).")]
    private static partial void LogDropped(ILogger logger, string eventType, string alertId, Uri url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {EventType} of alert {AlertId} to {Url} failed after {Attempts} attempt(s): {Error}")]
    private static partial void LogFailed(ILogger logger, string eventType, string alertId, Uri url, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record a webhook attempt ({EventType} of alert {AlertId}) in the delivery log.")]
    private static partial void LogRecordFailed(ILogger logger, string eventType, string alertId, Exception exception);

    private sealed record QueuedEvent(WebhookEvent Event, byte[] Body);
}
