namespace Auscult.Agent.Transport;

/// <summary>The result of one delivery attempt and, when it failed, why.</summary>
/// <param name="Result">Acknowledged, rejected for good, or to retry.</param>
/// <param name="Reason">What the receiver or the network said, for the log and the status; null when acknowledged.</param>
/// <param name="RetryAfter">A delay the receiver asked for (HTTP <c>Retry-After</c>), or null.</param>
public sealed record DeliveryOutcome(DeliveryResult Result, string? Reason = null, TimeSpan? RetryAfter = null)
{
    public static DeliveryOutcome Acknowledged { get; } = new(DeliveryResult.Acknowledged);

    public static DeliveryOutcome Retry(string reason, TimeSpan? retryAfter = null) => new(DeliveryResult.RetryLater, reason, retryAfter);

    public static DeliveryOutcome Reject(string reason) => new(DeliveryResult.Rejected, reason);
}
