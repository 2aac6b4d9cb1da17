namespace Auscult.Reports;

/// <summary>Two models' metrics on the same test set, shown side by side with their confusion matrices.</summary>
/// <param name="First">Usually the baseline.</param>
/// <param name="Second">Usually the candidate.</param>
/// <param name="FirstMachines">The first model's per-machine results; with <paramref name="SecondMachines"/>, a per-machine table with a column per model. Null or empty omits it.</param>
/// <param name="SecondMachines">The second model's per-machine results.</param>
public sealed record ModelComparison(MetricsRow First, MetricsRow Second,
    IReadOnlyList<MachineRow>? FirstMachines = null, IReadOnlyList<MachineRow>? SecondMachines = null);
