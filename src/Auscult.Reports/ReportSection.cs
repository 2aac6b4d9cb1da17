namespace Auscult.Reports;

/// <summary>A titled group of figures in the HTML report, with optional explanatory text and a table of trials.</summary>
/// <param name="Heading">The section heading.</param>
/// <param name="Figures">Pictures in order.</param>
/// <param name="Text">A paragraph under the heading; null for none.</param>
/// <param name="Trials">The configurations a training search tried, shown as a table above the figures; null for none.</param>
/// <param name="Folder">
/// A subfolder of the report's folder (a plain name) that already holds this section's pictures, written there by an
/// earlier report (e.g. each model's own evaluation beside a comparison). The report embeds and links them there and
/// does not write them again; null writes them beside the report.
/// </param>
public sealed record ReportSection(string Heading, IReadOnlyList<ReportFigure> Figures, string? Text = null,
    IReadOnlyList<TrialRow>? Trials = null, string? Folder = null);
