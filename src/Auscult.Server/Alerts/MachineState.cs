using System.Text.Json.Serialization;

namespace Auscult.Server.Alerts;

/// <summary>What a machine's tracker says of it, in the words of <c>shared/OPERATIONS.md</c>.</summary>
/// <remarks>
/// Precedence when several hold: <see cref="Offline"/>, then the severity of an open machine alert that is not
/// rejected (<see cref="Alarm"/>, <see cref="Warning"/>), then <see cref="InputFault"/>, <see cref="Learning"/>,
/// <see cref="Ok"/>; <see cref="NoData"/> until a clip has been scored (a machine whose clips arrive while no model is
/// active stays <see cref="NoData"/>).
/// </remarks>
[JsonConverter(typeof(JsonStringEnumConverter<MachineState>))]
public enum MachineState
{
    /// <summary>Scored clips and no open machine or input alert.</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>The machine is calibrating its own threshold on its first clips after a model was activated.</summary>
    [JsonStringEnumMemberName("learning")]
    Learning,

    /// <summary>A machine alert of severity warning is open.</summary>
    [JsonStringEnumMemberName("warning")]
    Warning,

    /// <summary>A machine alert of severity alarm is open.</summary>
    [JsonStringEnumMemberName("alarm")]
    Alarm,

    /// <summary>An input alert is open, or the latest clip was unfit: the recent clips say nothing about the machine.</summary>
    [JsonStringEnumMemberName("input-fault")]
    InputFault,

    /// <summary>No clip for longer than <see cref="AlertPolicy.OfflineAfter"/>.</summary>
    [JsonStringEnumMemberName("offline")]
    Offline,

    /// <summary>No clip has been scored yet (none received, or only while no model was active).</summary>
    [JsonStringEnumMemberName("no-data")]
    NoData,
}
