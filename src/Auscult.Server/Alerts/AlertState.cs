using System.Text.Json.Serialization;

namespace Auscult.Server.Alerts;

/// <summary>
/// Where an alert is in its life: <see cref="Open"/> -&gt; <see cref="Acknowledged"/> -&gt; <see cref="Confirmed"/>
/// or <see cref="Rejected"/> -&gt; <see cref="Closed"/>. An operator may confirm or reject an open alert directly;
/// any state but closed closes when the machine clears. Closed is final.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertState>))]
public enum AlertState
{
    /// <summary>Raised and not yet seen by an operator; its escalation notifies.</summary>
    [JsonStringEnumMemberName("open")]
    Open,

    /// <summary>An operator has seen it: no further notifications until it clears.</summary>
    [JsonStringEnumMemberName("acknowledged")]
    Acknowledged,

    /// <summary>An operator confirmed a real fault (its clips become anomalous labels of the confirmed kind).</summary>
    [JsonStringEnumMemberName("confirmed")]
    Confirmed,

    /// <summary>An operator called it a false alarm (its clips become normal labels).</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,

    /// <summary>The machine cleared (hysteresis): final.</summary>
    [JsonStringEnumMemberName("closed")]
    Closed,
}
