using Auscult.Data.Synthesis;

namespace Auscult.Data.Scenarios;

/// <summary>One clip of a scenario: who recorded it, when, and what changed it.</summary>
/// <param name="MachineId">The machine, e.g. <c>m01</c>.</param>
/// <param name="RecordedAt">When the clip starts.</param>
/// <param name="RelativePath">Where it is written below the output folder (<c>m01/20260105T000000Z.wav</c>).</param>
/// <param name="Spec">The machine sound (fault and severity included).</param>
/// <param name="GainDb">Microphone gain change, in dB (0: none).</param>
/// <param name="LowPassHz">Cut-off of a fouled microphone's low-pass, in Hz; null when clean.</param>
/// <param name="BackgroundGainDb">Background level change, in dB (0: none).</param>
/// <param name="OperatingSpeed">Speed relative to nominal (1: nominal).</param>
/// <param name="DeadChannel">The channel that is dead, or null.</param>
public sealed record ScenarioClip(string MachineId, DateTimeOffset RecordedAt, string RelativePath, ClipSpec Spec, double GainDb = 0,
    double? LowPassHz = null, double BackgroundGainDb = 0, double OperatingSpeed = 1, int? DeadChannel = null);
