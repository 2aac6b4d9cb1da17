using Auscult.Data.Scenarios;

namespace Auscult.Agent.Sources;

/// <summary>A planned scenario clip and the machine it is sent as.</summary>
/// <param name="MachineId">The machine the clip is sent for, e.g. <c>fan-01</c>.</param>
/// <param name="MachineType">Its type, e.g. <c>fan</c>.</param>
/// <param name="Clip">The planned clip (its recording time and what changed it).</param>
public sealed record ScheduledClip(string MachineId, string MachineType, ScenarioClip Clip);
