namespace Auscult.Agent.Transport;

/// <summary>What became of one delivery attempt.</summary>
public enum DeliveryResult
{
    /// <summary>The receiver has the clip (MQTT PUBACK, HTTP 2xx, or HTTP 409 for a clip id it already stored).</summary>
    Acknowledged,

    /// <summary>The receiver refused the clip for good (HTTP 4xx other than 408/429, an MQTT refusal such as not authorised).</summary>
    Rejected,

    /// <summary>Not delivered now (no connection, timeout, 5xx, 408, 429): keep it and try again later.</summary>
    RetryLater,
}
