using System.Text.Json.Serialization;

namespace Auscult.Server;

/// <summary>
/// What the service says of a clip: the detector's <see cref="Auscult.Scoring.ScoreVerdict"/> plus <see cref="NoModel"/>. JSON and the database
/// carry the words of OPERATIONS.md (<c>normal</c>, <c>anomalous</c>, <c>input-unfit</c>, <c>no-model</c>);
/// <see cref="WireNames"/> converts.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
public enum Verdict
{
    /// <summary>Scored at or below the threshold (the machine's own when it has one, else the model's).</summary>
    [JsonStringEnumMemberName("normal")]
    Normal,

    /// <summary>Scored above the threshold.</summary>
    [JsonStringEnumMemberName("anomalous")]
    Anomalous,

    /// <summary>The input says nothing about the machine (silence, clipping, a dropout, too short): no score.</summary>
    [JsonStringEnumMemberName("input-unfit")]
    InputUnfit,

    /// <summary>No model is active for the machine or its type: the clip is stored, not scored.</summary>
    [JsonStringEnumMemberName("no-model")]
    NoModel,
}
