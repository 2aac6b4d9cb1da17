using System.Text.Json.Serialization;

namespace Auscult.Server.Alerts;

/// <summary>What happened to an alert; webhook events are named <c>alert.</c> + the wire name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertChangeType>))]
public enum AlertChangeType
{
    /// <summary>A new alert (notifies).</summary>
    [JsonStringEnumMemberName("opened")]
    Opened,

    /// <summary>A warning became an alarm (notifies unless an operator has handled the alert).</summary>
    [JsonStringEnumMemberName("escalated")]
    Escalated,

    /// <summary>More anomalous clips joined the open alert (never notifies).</summary>
    [JsonStringEnumMemberName("updated")]
    Updated,

    /// <summary>The machine cleared and the alert closed (notifies).</summary>
    [JsonStringEnumMemberName("cleared")]
    Cleared,

    /// <summary>An operator acknowledged it (notifies).</summary>
    [JsonStringEnumMemberName("acknowledged")]
    Acknowledged,

    /// <summary>An operator confirmed it (notifies).</summary>
    [JsonStringEnumMemberName("confirmed")]
    Confirmed,

    /// <summary>An operator rejected it (notifies).</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,

    /// <summary>An operator closed it by hand (notifies); a new alert needs new evidence.</summary>
    [JsonStringEnumMemberName("closed")]
    Closed,
}
