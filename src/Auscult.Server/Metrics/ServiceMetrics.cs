namespace Auscult.Server.Metrics;

/// <summary>
/// The service's own counters, kept in memory per instance (Prometheus sums instances): clips received, stored with a
/// verdict, refused by reason, and the scoring latency histogram. Thread-safe and lock-free. HTTP feeds it through
/// <see cref="ClipMetricsMiddleware"/> and <see cref="ClipMetricsFilter"/>; another ingestion path (MQTT) calls the
/// same methods.
/// </summary>
public sealed class ServiceMetrics
{
    /// <summary>The latency histogram's upper bounds in seconds (Prometheus <c>le</c>), chosen around the 3.8-ms scoring cost and the 50-ms p99 target.</summary>
    public static readonly IReadOnlyList<double> LatencyBucketsSeconds = [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly long[] _verdicts = new long[Enum.GetValues<Verdict>().Length];
    private readonly long[] _refusals = new long[Enum.GetValues<ClipRefusal>().Length];
    private readonly long[] _buckets = new long[LatencyBucketsSeconds.Count + 1];
    private long _received;
    private long _latencyCount;
    private long _latencySumMicroseconds;

    /// <summary>A clip request arrived.</summary>
    public void ClipReceived() => Interlocked.Increment(ref _received);

    /// <summary>A clip was stored with <paramref name="verdict"/> after <paramref name="latency"/> (decode, features, model, commit).</summary>
    public void ClipScored(Verdict verdict, TimeSpan latency)
    {
        Interlocked.Increment(ref _verdicts[(int)verdict]);
        double seconds = Math.Max(0, latency.TotalSeconds);
        int bucket = 0;
        while (bucket < LatencyBucketsSeconds.Count && seconds > LatencyBucketsSeconds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Increment(ref _latencyCount);
        Interlocked.Add(ref _latencySumMicroseconds, (long)Math.Round(seconds * 1e6));
    }

    /// <summary>A clip was refused.</summary>
    public void ClipRefused(ClipRefusal reason) => Interlocked.Increment(ref _refusals[(int)reason]);

    /// <summary>Clip requests received.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Clips stored with <paramref name="verdict"/>.</summary>
    public long Scored(Verdict verdict) => Interlocked.Read(ref _verdicts[(int)verdict]);

    /// <summary>Clips refused for <paramref name="reason"/>.</summary>
    public long Refused(ClipRefusal reason) => Interlocked.Read(ref _refusals[(int)reason]);

    /// <summary>The latency histogram: cumulative counts per bucket bound (the last is +Inf), the count and the sum in seconds.</summary>
    public (long[] Cumulative, long Count, double SumSeconds) Latency()
    {
        var cumulative = new long[_buckets.Length];
        long running = 0;
        for (int i = 0; i < _buckets.Length; i++)
        {
            running += Interlocked.Read(ref _buckets[i]);
            cumulative[i] = running;
        }

        // Read after the buckets: a clip counted meanwhile may make the count exceed +Inf by one for one scrape, never less.
        return (cumulative, Math.Max(running, Interlocked.Read(ref _latencyCount)), Interlocked.Read(ref _latencySumMicroseconds) / 1e6);
    }

    /// <summary>The refusal reason of an HTTP status, or null for a success.</summary>
    public static ClipRefusal? RefusalOf(int status) => status switch
    {
        < 400 => null,
        400 => ClipRefusal.BadRequest,
        401 => ClipRefusal.Unauthorized,
        403 => ClipRefusal.Forbidden,
        404 => ClipRefusal.UnknownMachine,
        413 => ClipRefusal.TooLarge,
        415 => ClipRefusal.UnsupportedMediaType,
        422 => ClipRefusal.Unprocessable,
        429 => ClipRefusal.RateLimited,
        < 500 => ClipRefusal.OtherClientError,
        _ => ClipRefusal.ServerError,
    };
}
