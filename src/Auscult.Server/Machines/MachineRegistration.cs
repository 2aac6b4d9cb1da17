namespace Auscult.Server.Machines;

/// <summary>The body that registers or updates a machine (<c>PUT /api/v1/machines/{id}</c>).</summary>
/// <param name="MachineType">Required: e.g. <c>fan</c>.</param>
/// <param name="Name">A human name.</param>
/// <param name="Site">The site it stands in.</param>
/// <param name="Tags">Free tags.</param>
/// <param name="Options">Its own threshold options.</param>
public sealed record MachineRegistration(string? MachineType, string? Name = null, string? Site = null, IReadOnlyList<string>? Tags = null,
    MachineOptions? Options = null);
