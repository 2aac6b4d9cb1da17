using System.Text.Json.Serialization;

namespace Auscult.Drift;

/// <summary>Why a machine's recent clips differ from the model's training clips (OPERATIONS.md: drift cause).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DriftCause>))]
public enum DriftCause
{
    /// <summary>No drift: the recent clips look like the training clips.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>The input is faulty (dead or duplicated channels, silence, clipping): fix the recording chain.</summary>
    [JsonStringEnumMemberName("input")]
    Input,

    /// <summary>The microphone or the background changed (a broadband level shift or tilt): check the microphone and its surroundings.</summary>
    [JsonStringEnumMemberName("environment")]
    Environment,

    /// <summary>The machine runs at another operating point (a stable, consistent change the model has not learned): retrain on recent normal clips.</summary>
    [JsonStringEnumMemberName("operating-point")]
    OperatingPoint,

    /// <summary>The machine itself is changing (narrow-band growth, scores trending up): inspect the machine.</summary>
    [JsonStringEnumMemberName("machine")]
    Machine,
}
