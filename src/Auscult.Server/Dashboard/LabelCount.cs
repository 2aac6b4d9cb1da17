namespace Auscult.Server.Dashboard;

/// <summary>Labelled clips of one machine type and kind.</summary>
/// <param name="MachineType">The machine type.</param>
/// <param name="Kind">The kind (<c>normal</c> for normal labels).</param>
/// <param name="Confirmed">Clips of confirmed alerts (anomalous labels).</param>
/// <param name="Rejected">Clips of rejected alerts (normal labels).</param>
/// <param name="Other">Labels from other sources (manual).</param>
public sealed record LabelCount(string MachineType, string Kind, int Confirmed, int Rejected, int Other);
