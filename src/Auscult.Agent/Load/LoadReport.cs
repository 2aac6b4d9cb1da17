namespace Auscult.Agent.Load;

/// <summary>The outcome of a load run, printed as one JSON object.</summary>
/// <param name="Transport">Where clips went (no credentials).</param>
/// <param name="Sent">Clips sent (each clip id counts once however many attempts it took).</param>
/// <param name="Acknowledged">Clips the receiver acknowledged.</param>
/// <param name="Stored">Clip ids stored with a score: from the check, or the acknowledged ones when an acknowledgement is a stored score; null when unknown.</param>
/// <param name="Duplicated">Extra clip or score rows for clip ids sent (0 when each is stored exactly once); null without a check.</param>
/// <param name="Lost">Clip ids sent that are not stored; null when unknown.</param>
/// <param name="ClipsPerSecond">Acknowledged clips per second, from the first send to the last acknowledgement.</param>
/// <param name="P50Ms">Median latency (ms) of the clips measured (see <paramref name="LatencyFrom"/>); null when none.</param>
/// <param name="P99Ms">99th percentile latency (ms), nearest rank.</param>
/// <param name="MaxMs">Longest latency (ms).</param>
/// <param name="LatencyFrom">What the latencies measure.</param>
/// <param name="Errors">Clips that were not acknowledged: refused, or still failing after the retries.</param>
/// <param name="Retries">Further attempts made after a receiver asked to retry.</param>
/// <param name="FirstErrors">The first few distinct error messages.</param>
/// <param name="DurationSeconds">Wall time of the run, from the first send to the last answer.</param>
/// <param name="Instances">The service instances that scored the run's stored clips, most clips first; null without a check.</param>
public sealed record LoadReport(
    string Transport,
    int Sent,
    int Acknowledged,
    int? Stored,
    int? Duplicated,
    int? Lost,
    double ClipsPerSecond,
    double? P50Ms,
    double? P99Ms,
    double? MaxMs,
    LatencySource LatencyFrom,
    int Errors,
    int Retries,
    IReadOnlyList<string> FirstErrors,
    double DurationSeconds,
    IReadOnlyList<InstanceShare>? Instances = null);
