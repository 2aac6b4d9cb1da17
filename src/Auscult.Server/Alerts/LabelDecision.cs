using System.Text.Json.Serialization;

namespace Auscult.Server.Alerts;

/// <summary>The label an operator's decision gives to an alert's clips.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LabelDecision>))]
public enum LabelDecision
{
    /// <summary>A rejected alert: its clips are normal.</summary>
    [JsonStringEnumMemberName("normal")]
    Normal,

    /// <summary>A confirmed alert: its clips are anomalous, of the confirmed kind.</summary>
    [JsonStringEnumMemberName("anomalous")]
    Anomalous,
}
