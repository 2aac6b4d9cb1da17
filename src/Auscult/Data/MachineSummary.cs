namespace Auscult.Data;

/// <summary>Clip counts of one machine id or section after splitting.</summary>
/// <param name="MachineType">The machine type.</param>
/// <param name="MachineId">The machine id or section.</param>
/// <param name="Train">Clips assigned to training.</param>
/// <param name="TestNormal">Normal clips assigned to test.</param>
/// <param name="TestAnomaly">Anomalous clips assigned to test.</param>
/// <param name="TestUnknown">Unlabelled clips assigned to test (DCASE evaluation sets).</param>
/// <param name="Unused">Clips in neither split.</param>
public sealed record MachineSummary(string MachineType, string MachineId, int Train, int TestNormal, int TestAnomaly, int TestUnknown, int Unused);
