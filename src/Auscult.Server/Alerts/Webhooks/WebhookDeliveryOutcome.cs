using System.Text.Json.Serialization;

namespace Auscult.Server.Alerts.Webhooks;

/// <summary>How one delivery attempt ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WebhookDeliveryOutcome>))]
public enum WebhookDeliveryOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    [JsonStringEnumMemberName("delivered")]
    Delivered,

    /// <summary>It failed (network error, timeout, 408, 429 or 5xx) and another attempt is scheduled.</summary>
    [JsonStringEnumMemberName("retrying")]
    Retrying,

    /// <summary>It failed and no attempt follows: the attempts are spent, or the receiver refused it (another 4xx).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
