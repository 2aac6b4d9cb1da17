namespace Auscult.Server.Models;

/// <summary>One activation of a model, for one machine or for every machine of a type.</summary>
/// <param name="Id">The activation's id.</param>
/// <param name="ModelId">The model.</param>
/// <param name="MachineId">The machine, or null for a type.</param>
/// <param name="MachineType">The machine type, or null for a machine.</param>
/// <param name="ActivatedBy">The id of the key that activated it.</param>
/// <param name="ActivatedAt">When.</param>
public sealed record ModelActivation(string Id, string ModelId, string? MachineId, string? MachineType, string? ActivatedBy, DateTimeOffset ActivatedAt);
