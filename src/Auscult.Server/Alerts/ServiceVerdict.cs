using System.Text.Json.Serialization;

namespace Auscult.Server.Alerts;

/// <summary>
/// The service's verdict on one clip: the detector's <c>ClipVerdict</c> plus <see cref="NoModel"/>. JSON and the
/// database carry the names of <c>shared/OPERATIONS.md</c> (<c>normal</c>, <c>anomalous</c>, <c>input-unfit</c>,
/// <c>no-model</c>); <see cref="WireName"/> converts.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServiceVerdict>))]
public enum ServiceVerdict
{
    /// <summary>The score is at or below the threshold.</summary>
    [JsonStringEnumMemberName("normal")]
    Normal,

    /// <summary>The score is above the threshold.</summary>
    [JsonStringEnumMemberName("anomalous")]
    Anomalous,

    /// <summary>The input says nothing about the machine (silence, clipping, a dropout ...): no score.</summary>
    [JsonStringEnumMemberName("input-unfit")]
    InputUnfit,

    /// <summary>No model is active for the machine: the clip is stored, not scored.</summary>
    [JsonStringEnumMemberName("no-model")]
    NoModel,
}
