using Auscult.Evaluation;

namespace Auscult.Reports;

/// <summary>
/// Two models' evaluations on the same test set, shown side by side: metrics, confusion matrices, and a per-machine
/// table with a column per model.
/// </summary>
/// <param name="First">Usually the baseline.</param>
/// <param name="Second">Usually the candidate.</param>
public sealed record ModelComparison(EvaluationSummary First, EvaluationSummary Second);
