namespace Auscult.Server.Alerts.Webhooks;

/// <summary>Where alert events go and how hard the service tries; <see cref="Validate"/> enforces the ranges.</summary>
/// <remarks>
/// Attempt <c>n</c> (n &gt;= 2) waits <c>min(MaxRetryDelay, FirstRetryDelay × 2^(n-2))</c> scaled by a random factor in
/// [0.5, 1] ("equal jitter", so receivers coming back from an outage are not hit by every sender at once). With the
/// defaults an event is tried 6 times over 31 to 62 s of waiting (2 + 4 + 8 + 16 + 32 s before jitter), plus up to 10 s
/// per attempt.
/// </remarks>
public sealed record WebhookOptions
{
    /// <summary>The receivers; none by default (events are then dropped at once).</summary>
    public IReadOnlyList<WebhookEndpoint> Endpoints { get; init; } = [];

    /// <summary>Attempts per event and receiver, the first included.</summary>
    /// <value>Default 6; from 1 to 20.</value>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The wait before the second attempt; each later wait doubles.</summary>
    /// <value>Default 2 seconds; from 100 ms to 1 hour.</value>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between attempts.</summary>
    /// <value>Default 5 minutes; from <see cref="FirstRetryDelay"/> to 1 day.</value>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    /// <value>Default 10 seconds; from 1 second to 5 minutes.</value>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Events waiting per receiver. When a receiver is down long enough to fill it, the oldest waiting event is
    /// dropped (counted in <see cref="WebhookNotifier.DroppedCount"/> and logged): scoring never waits for a webhook.
    /// </summary>
    /// <value>Default 1,000; from 1 to 1,000,000.</value>
    public int QueueCapacity { get; init; } = 1_000;

    /// <summary>The service's public address, to put absolute links in events; null gives links relative to the service.</summary>
    public Uri? PublicBaseUrl { get; init; }

    /// <summary>Checks every range and receiver.</summary>
    /// <exception cref="ConfigurationException">A value is out of range or a receiver is unusable; the message says which.</exception>
    public WebhookOptions Validate()
    {
        Range(nameof(MaxAttempts), MaxAttempts, 1, 20);
        Range(nameof(FirstRetryDelay), FirstRetryDelay, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        Range(nameof(MaxRetryDelay), MaxRetryDelay, FirstRetryDelay, TimeSpan.FromDays(1));
        Range(nameof(AttemptTimeout), AttemptTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Range(nameof(QueueCapacity), QueueCapacity, 1, 1_000_000);
        if (PublicBaseUrl is { IsAbsoluteUri: false })
        {
            throw new ConfigurationException($"Webhooks: {nameof(PublicBaseUrl)} '{PublicBaseUrl}' must be an absolute URL.");
        }

        for (int i = 0; i < Endpoints.Count; i++)
        {
            var endpoint = Endpoints[i] ?? throw new ConfigurationException($"Webhooks: endpoint {i} is empty.");
            if (endpoint.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new ConfigurationException($"Webhooks: endpoint {i} URL '{endpoint.Url}' must be an absolute http or https URL.");
            }

            if (string.IsNullOrEmpty(endpoint.Secret) || endpoint.Secret.Length < WebhookEndpoint.MinimumSecretLength)
            {
                throw new ConfigurationException(
                    $"Webhooks: endpoint {i} ({url.GetLeftPart(UriPartial.Path)}) needs a secret of at least {WebhookEndpoint.MinimumSecretLength} characters.");
            }
        }

        return this;
    }

    private static void Range<T>(string name, T value, T min, T max) where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            throw new ConfigurationException($"Webhooks: {name} is {value}; it must lie in [{min}, {max}].");
        }
    }
}
