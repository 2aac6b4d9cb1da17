using System.Text.Json.Serialization;

namespace Auscult.Server.Alerts;

/// <summary>How urgent an alert is. Input and drift alerts are always <see cref="Warning"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertSeverity>))]
public enum AlertSeverity
{
    /// <summary>Anomalies are recurring (by default 2 of the last 3 clips).</summary>
    [JsonStringEnumMemberName("warning")]
    Warning,

    /// <summary>Anomalies persist (by default 4 of the last 6 clips) or one score passed the alarm threshold.</summary>
    [JsonStringEnumMemberName("alarm")]
    Alarm,
}
