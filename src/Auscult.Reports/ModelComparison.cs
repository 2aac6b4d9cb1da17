namespace Auscult.Reports;

/// <summary>Two models' metrics on the same test set, shown side by side with their confusion matrices.</summary>
/// <param name="First">Usually the baseline.</param>
/// <param name="Second">Usually the candidate.</param>
public sealed record ModelComparison(MetricsRow First, MetricsRow Second);
