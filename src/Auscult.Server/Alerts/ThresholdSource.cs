using System.Text.Json.Serialization;

namespace Auscult.Server.Alerts;

/// <summary>Where a machine's own threshold comes from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ThresholdSource>))]
public enum ThresholdSource
{
    /// <summary>Fitted on the machine's first clips after the model was activated (the learning state).</summary>
    [JsonStringEnumMemberName("calibrated")]
    Calibrated,

    /// <summary>Set by an operator.</summary>
    [JsonStringEnumMemberName("manual")]
    Manual,

    /// <summary>The model's threshold, kept because calibration could not fit one (the detail says why).</summary>
    [JsonStringEnumMemberName("model")]
    Model,
}
