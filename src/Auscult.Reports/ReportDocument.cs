using Auscult.Evaluation;

namespace Auscult.Reports;

/// <summary>Everything an HTML evaluation report shows. Every text is HTML-encoded when rendered.</summary>
/// <param name="Title">Page title and top heading.</param>
/// <param name="Summary">A short paragraph under the title (what was evaluated, on which data).</param>
/// <param name="GeneratedAt">When the report was made; given by the caller so that output is reproducible.</param>
/// <param name="Metrics">Headline metrics and the per-machine table; null omits both.</param>
/// <param name="Sections">Figure sections in order.</param>
/// <param name="Comparison">Two models side by side; null omits the section.</param>
public sealed record ReportDocument(
    string Title,
    string Summary,
    DateTimeOffset GeneratedAt,
    EvaluationSummary? Metrics,
    IReadOnlyList<ReportSection> Sections,
    ModelComparison? Comparison = null);
