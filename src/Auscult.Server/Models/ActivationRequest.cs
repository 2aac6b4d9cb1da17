namespace Auscult.Server.Models;

/// <summary>The body of <c>POST /api/v1/models/{id}/activate</c>: exactly one of the two.</summary>
/// <param name="MachineType">Activate for every machine of this type (a machine's own activation still wins).</param>
/// <param name="MachineId">Activate for this machine only.</param>
public sealed record ActivationRequest(string? MachineType, string? MachineId);
