namespace Auscult.Agent.Sources;

/// <summary>One machine heard by a microphone on a sound card's channel.</summary>
/// <param name="MachineId">The machine, e.g. <c>fan-01</c>.</param>
/// <param name="MachineType">Its type, e.g. <c>fan</c>.</param>
/// <param name="Channel">The card's channel (0-based) this machine's microphone is on; null keeps every channel.</param>
public sealed record Microphone(string MachineId, string MachineType, int? Channel = null);
