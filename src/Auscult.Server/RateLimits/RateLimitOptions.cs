namespace Auscult.Server.RateLimits;

/// <summary>
/// Rate limits (configuration section <c>Auscult:RateLimit</c>): a token bucket per API key, and one per client address
/// for requests without a valid key. A request takes a token; the bucket holds at most <see cref="TokenLimit"/> and gains
/// <see cref="TokensPerPeriod"/> every <see cref="ReplenishmentPeriod"/>. An empty bucket answers 429 with Retry-After.
/// <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> are not limited.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Auscult:RateLimit";

    /// <summary>Whether requests are limited at all.</summary>
    /// <value>Default true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>The most requests a key may make at once (the bucket's size).</summary>
    /// <value>Default 2000; 1 to 1,000,000.</value>
    public int TokenLimit { get; set; } = 2000;

    /// <summary>Tokens a key's bucket gains per period.</summary>
    /// <value>
    /// Default 1000 a second: a device posting every few seconds uses a thousandth of it, and one key driving a load
    /// test past the service's measured maximum (about 250 clips/s on 2 cores) is not held back; 1 to 1,000,000.
    /// </value>
    public int TokensPerPeriod { get; set; } = 1000;

    /// <summary>The most requests without a valid key (401s included) one client address may make at once.</summary>
    /// <value>Default 200; 1 to 1,000,000.</value>
    public int AnonymousTokenLimit { get; set; } = 200;

    /// <summary>Tokens an address's bucket gains per period.</summary>
    /// <value>Default 50 a second: plenty for probes and a browser, little for guessing keys; 1 to 1,000,000.</value>
    public int AnonymousTokensPerPeriod { get; set; } = 50;

    /// <summary>How often the buckets gain tokens.</summary>
    /// <value>Default 1 second; 10 milliseconds to 1 day.</value>
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
