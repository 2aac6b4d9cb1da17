namespace Auscult.Server.Machines;

/// <summary>A machine Auscult listens to.</summary>
/// <param name="Id">Chosen by whoever registers it, e.g. <c>fan-01</c>.</param>
/// <param name="MachineType">Its type, e.g. <c>fan</c>: models are activated per type or per machine.</param>
/// <param name="Name">A human name, or null.</param>
/// <param name="Site">The site (plant, hall) it stands in, or null.</param>
/// <param name="Tags">Free tags.</param>
/// <param name="Options">Its own threshold options.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="UpdatedAt">When its registration last changed.</param>
public sealed record Machine(string Id, string MachineType, string? Name, string? Site, IReadOnlyList<string> Tags, MachineOptions Options,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
