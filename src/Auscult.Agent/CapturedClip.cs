namespace Auscult.Agent;

/// <summary>A clip a source has just recorded or read, before it enters the spool.</summary>
/// <param name="MachineId">The machine it belongs to.</param>
/// <param name="MachineType">The machine's type.</param>
/// <param name="RecordedAt">When the recording started.</param>
/// <param name="Wav">The complete WAV file's bytes.</param>
/// <param name="SourcePath">The file it came from when a folder source read it; null otherwise.</param>
public sealed record CapturedClip(string MachineId, string MachineType, DateTimeOffset RecordedAt, byte[] Wav, string? SourcePath = null);
