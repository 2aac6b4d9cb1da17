namespace Auscult.Reports;

/// <summary>A titled group of figures in the HTML report, with optional explanatory text.</summary>
/// <param name="Heading">The section heading.</param>
/// <param name="Figures">Pictures in order.</param>
/// <param name="Text">A paragraph under the heading; null for none.</param>
public sealed record ReportSection(string Heading, IReadOnlyList<ReportFigure> Figures, string? Text = null);
