using System.Text.Json.Serialization;

namespace Auscult.Server.Jobs;

/// <summary>What an admin decided about a succeeded job's model.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobDecision>))]
public enum JobDecision
{
    /// <summary>Activated for the machine type (through the models' activation path).</summary>
    [JsonStringEnumMemberName("promoted")]
    Promoted,

    /// <summary>Not wanted: the model is removed unless something else uses it.</summary>
    [JsonStringEnumMemberName("discarded")]
    Discarded,
}
