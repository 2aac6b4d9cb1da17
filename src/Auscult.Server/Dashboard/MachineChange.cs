namespace Auscult.Server.Dashboard;

/// <summary>Something on a machine changed: a clip was stored (with its id) or an alert was decided (no clip).</summary>
/// <param name="MachineId">The machine.</param>
/// <param name="ClipId">The clip just committed, or null.</param>
public sealed record MachineChange(string MachineId, string? ClipId);
