using Auscult.Evaluation;
using System.Globalization;
using System.Net;
using System.Text;

namespace Auscult.Reports;

/// <summary>
/// Builds a self-contained HTML evaluation report: inline CSS, every picture embedded as a base64 PNG data URI (so
/// the one file can be mailed or archived), and the same pictures written as PNG files beside it. No scripts and no
/// external resources; every text from the document is HTML-encoded.
/// </summary>
public static class HtmlReport
{
    /// <summary>The report's default file name.</summary>
    public const string DefaultFileName = "report.html";

    private const int ConfusionWidth = 560, ConfusionHeight = 460;

    /// <summary>
    /// Writes the PNG files and the HTML file into <paramref name="folder"/> (created if missing), each atomically, and
    /// returns the HTML file's full path. Pictures are written first, so a report never refers to a missing file; a
    /// section whose pictures are already in a subfolder (<see cref="ReportSection.Folder"/>) is linked there and not
    /// written again.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// Two figures share a file name, the file name is not a plain .html name, or a section's subfolder lacks one of its pictures.
    /// </exception>
    public static string Write(ReportDocument document, string folder, string fileName = DefaultFileName)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (Path.GetFileName(fileName) != fileName || !fileName.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{fileName}' is not a plain .html file name.", nameof(fileName));
        }

        var figures = CollectFigures(document);
        foreach (var section in document.Sections.Where(s => s.Folder is not null))
        {
            string missing = section.Figures.Select(f => Path.Combine(folder, section.Folder!, f.FileName)).FirstOrDefault(p => !File.Exists(p)) ?? "";
            if (missing.Length > 0)
            {
                throw new ArgumentException($"Section '{section.Heading}' links its pictures in {section.Folder}/, but {missing} does not exist.", nameof(document));
            }
        }

        Directory.CreateDirectory(folder);
        foreach (var figure in figures.ToWrite)
        {
            AtomicFile.Write(Path.Combine(folder, figure.FileName), stream => stream.Write(figure.Png));
        }

        string html = Render(document, figures);
        string path = Path.GetFullPath(Path.Combine(folder, fileName));
        AtomicFile.WriteText(path, writer => writer.Write(html));
        return path;
    }

    /// <summary>The HTML text of the report (pictures embedded), without writing anything.</summary>
    public static string Render(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Render(document, CollectFigures(document));
    }

    /// <summary>Every picture the report shows, in page order, including the comparison's confusion matrices.</summary>
    public static IReadOnlyList<ReportFigure> Figures(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return CollectFigures(document).All;
    }

    /// <param name="All">Every picture the report shows, in page order.</param>
    /// <param name="ToWrite">The pictures written beside the report (not those already in a section's subfolder).</param>
    /// <param name="FirstConfusion">The comparison's first confusion matrix, or null.</param>
    /// <param name="SecondConfusion">The comparison's second confusion matrix, or null.</param>
    private sealed record FigureSet(IReadOnlyList<ReportFigure> All, IReadOnlyList<ReportFigure> ToWrite, ReportFigure? FirstConfusion, ReportFigure? SecondConfusion);

    private static FigureSet CollectFigures(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document.Sections);
        foreach (var section in document.Sections)
        {
            ArgumentNullException.ThrowIfNull(section, nameof(document.Sections));
            ArgumentNullException.ThrowIfNull(section.Figures, nameof(section.Figures));
            if (section.Folder is { } sub)
            {
                CheckFolderName(sub);
            }
        }

        var all = document.Sections.SelectMany(s => s.Figures).ToList();
        var toWrite = document.Sections.Where(s => s.Folder is null).SelectMany(s => s.Figures).ToList();
        ReportFigure? first = null, second = null;
        if (document.Comparison is { } comparison)
        {
            first = ConfusionFigure("comparison-1-confusion.png", comparison.First);
            second = ConfusionFigure("comparison-2-confusion.png", comparison.Second);
            all.Add(first);
            all.Add(second);
            toWrite.Add(first);
            toWrite.Add(second);
        }

        var duplicate = document.Sections
            .SelectMany(s => s.Figures.Select(f => Link(s, f)))
            .Concat(first is null ? [] : [first.FileName, second!.FileName])
            .GroupBy(name => name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two figures would both be written to {duplicate.Key}; give each a unique file name.", nameof(document));
        }

        return new FigureSet(all, toWrite, first, second);
    }

    /// <summary>Where a picture is, relative to the report: beside it, or in its section's subfolder.</summary>
    private static string Link(ReportSection section, ReportFigure figure) =>
        section.Folder is null ? figure.FileName : $"{section.Folder}/{figure.FileName}";

    private static void CheckFolderName(string folder)
    {
        // The name lands in a path and in an href, as a figure's file name does: no separators, no "..", nothing to escape.
        bool plain = folder.Length > 0 && folder.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.') && !folder.StartsWith('.');
        if (!plain)
        {
            throw new ArgumentException($"'{folder}' is not a plain subfolder name (letters, digits, '-', '_', '.').", nameof(folder));
        }
    }

    private static ReportFigure ConfusionFigure(string fileName, EvaluationSummary row) =>
        ReportFigure.FromPlot(fileName, $"{row.Model}: confusion matrix",
            EvaluationPlots.ConfusionMatrix(row.Metrics, $"Threshold {Number(row.Threshold, "G4")}"),
            ConfusionWidth, ConfusionHeight);

    private static string Render(ReportDocument document, FigureSet figures)
    {
        var html = new StringBuilder(1 << 16);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(Encode(document.Title)).Append("</title>\n");
        html.Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");

        html.Append("<header>\n<h1>").Append(Encode(document.Title)).Append("</h1>\n");
        html.Append("<p class=\"generated\">Generated ")
            .Append(Encode(document.GeneratedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .Append("</p>\n");
        html.Append("<p class=\"summary\">").Append(Encode(document.Summary)).Append("</p>\n</header>\n");

        if (document.Metrics is { } metrics)
        {
            html.Append("<section>\n<h2>Metrics</h2>\n");
            AppendMetricsTable(html, [metrics]);
            html.Append("</section>\n");
        }

        if (document.Metrics?.PerMachine is { } perMachine)
        {
            html.Append("<section>\n<h2>Per machine</h2>\n<table>\n<thead><tr><th>Machine</th><th>AUC</th><th>pAUC</th>")
                .Append("<th>Normal clips</th><th>Anomalous clips</th></tr></thead>\n<tbody>\n");
            foreach (var m in perMachine.Groups)
            {
                html.Append("<tr><td>").Append(Encode(m.Group)).Append("</td>")
                    .Append(NumberCell(m.Auc)).Append(NumberCell(m.PartialAuc))
                    .Append(CountCell(m.NormalCount)).Append(CountCell(m.AnomalyCount)).Append("</tr>\n");
            }

            html.Append("<tr><td>arithmetic mean</td>").Append(NumberCell(perMachine.ArithmeticMeanAuc))
                .Append(NumberCell(perMachine.ArithmeticMeanPartialAuc)).Append("<td></td><td></td></tr>\n");
            html.Append("<tr><td>harmonic mean</td>").Append(NumberCell(perMachine.HarmonicMeanAuc))
                .Append(NumberCell(perMachine.HarmonicMeanPartialAuc)).Append("<td></td><td></td></tr>\n");
            html.Append("</tbody>\n</table>\n</section>\n");
        }

        // The side-by-side summary first: it is what a comparison is read for; each model's figures follow.
        if (document.Comparison is { } comparison)
        {
            html.Append("<section>\n<h2>Model comparison</h2>\n");
            AppendMetricsTable(html, [comparison.First, comparison.Second]);
            AppendComparisonMachines(html, comparison);
            html.Append("<div class=\"side-by-side\">\n");
            AppendFigure(html, figures.FirstConfusion!);
            AppendFigure(html, figures.SecondConfusion!);
            html.Append("</div>\n</section>\n");
        }

        foreach (var section in document.Sections)
        {
            html.Append("<section>\n<h2>").Append(Encode(section.Heading)).Append("</h2>\n");
            if (!string.IsNullOrWhiteSpace(section.Text))
            {
                html.Append("<p>").Append(Encode(section.Text)).Append("</p>\n");
            }

            if (section.Trials is { Count: > 0 } trials)
            {
                AppendTrialsTable(html, trials);
            }

            foreach (var figure in section.Figures)
            {
                AppendFigure(html, figure, Link(section, figure));
            }

            html.Append("</section>\n");
        }

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendMetricsTable(StringBuilder html, IReadOnlyList<EvaluationSummary> rows)
    {
        html.Append("<table>\n<thead><tr><th>Model</th><th>AUC</th><th>pAUC</th><th>Threshold</th><th>Threshold method</th>")
            .Append("<th>Precision</th><th>Recall</th><th>F1</th><th>Accuracy</th>")
            .Append("<th>TN</th><th>FP</th><th>FN</th><th>TP</th></tr></thead>\n<tbody>\n");
        foreach (var r in rows)
        {
            ArgumentNullException.ThrowIfNull(r.Metrics);
            html.Append("<tr><td>").Append(Encode(r.Model)).Append("</td>")
                .Append(NumberCell(r.Auc)).Append(NumberCell(r.PartialAuc))
                .Append("<td class=\"num\">").Append(Encode(Number(r.Threshold, "G6"))).Append("</td>")
                .Append("<td>").Append(Encode(r.ThresholdMethod)).Append("</td>")
                .Append(NumberCell(r.Metrics.Precision)).Append(NumberCell(r.Metrics.Recall)).Append(NumberCell(r.Metrics.F1))
                .Append(NumberCell(r.Metrics.Accuracy))
                .Append(CountCell(r.Metrics.TrueNegatives)).Append(CountCell(r.Metrics.FalsePositives))
                .Append(CountCell(r.Metrics.FalseNegatives)).Append(CountCell(r.Metrics.TruePositives))
                .Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendComparisonMachines(StringBuilder html, ModelComparison comparison)
    {
        IReadOnlyList<GroupScore> first = comparison.First.PerMachine?.Groups ?? [], second = comparison.Second.PerMachine?.Groups ?? [];
        if (first.Count == 0 && second.Count == 0)
        {
            return;
        }

        // Both models were tested on the same clips, so a machine's clip counts are the same in both; a machine only one
        // side has (which should not happen) still gets its row, with n/a for the other model.
        var firstBy = first.ToDictionary(m => m.Group, StringComparer.Ordinal);
        var secondBy = second.ToDictionary(m => m.Group, StringComparer.Ordinal);
        var machines = first.Select(m => m.Group).Concat(second.Select(m => m.Group)).Distinct(StringComparer.Ordinal).ToList();
        string a = Encode(comparison.First.Model), b = Encode(comparison.Second.Model);
        html.Append("<h3>Per machine</h3>\n<table>\n<thead><tr><th>Machine</th>")
            .Append("<th>AUC ").Append(a).Append("</th><th>AUC ").Append(b).Append("</th>")
            .Append("<th>pAUC ").Append(a).Append("</th><th>pAUC ").Append(b).Append("</th>")
            .Append("<th>Normal clips</th><th>Anomalous clips</th></tr></thead>\n<tbody>\n");
        foreach (string machine in machines)
        {
            var x = firstBy.GetValueOrDefault(machine);
            var y = secondBy.GetValueOrDefault(machine);
            var any = x ?? y!;
            html.Append("<tr><td>").Append(Encode(machine)).Append("</td>")
                .Append(NumberCell(x?.Auc ?? double.NaN)).Append(NumberCell(y?.Auc ?? double.NaN))
                .Append(NumberCell(x?.PartialAuc ?? double.NaN)).Append(NumberCell(y?.PartialAuc ?? double.NaN))
                .Append(CountCell(any.NormalCount)).Append(CountCell(any.AnomalyCount)).Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendTrialsTable(StringBuilder html, IReadOnlyList<TrialRow> trials)
    {
        html.Append("<h3>Configurations tried</h3>\n<table>\n<thead><tr><th>Configuration</th><th>Validation F1</th><th>Validation loss</th>")
            .Append("<th>Best epoch</th><th>Epochs</th><th>Seconds</th><th>Stopped by</th><th>Kept</th></tr></thead>\n<tbody>\n");
        foreach (var t in trials)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(trials));
            // A trial without a finite epoch has no F1 or loss to show (its record holds zeros).
            html.Append(t.Kept ? "<tr class=\"kept\"><td>" : "<tr><td>").Append(Encode(t.Name)).Append("</td>")
                .Append(NumberCell(t.Completed ? t.ValidationF1 : double.NaN))
                .Append("<td class=\"num\">").Append(Encode(t.Completed ? Number(t.ValidationLoss, "0.0000") : "n/a")).Append("</td>")
                .Append(t.Completed ? CountCell(t.BestEpoch) : "<td class=\"num\">none</td>")
                .Append(CountCell(t.Epochs))
                .Append("<td class=\"num\">").Append(Encode(Number(t.Seconds, "0.0"))).Append("</td>")
                .Append("<td>").Append(Encode(t.StoppedBy)).Append("</td>")
                .Append("<td>").Append(t.Kept ? "kept" : "").Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendFigure(StringBuilder html, ReportFigure figure, string? link = null)
    {
        var (width, height) = PngInfo.ReadSize(figure.Png);
        string file = Encode(link ?? figure.FileName);
        html.Append("<figure>\n<h3>").Append(Encode(figure.Title)).Append("</h3>\n")
            .Append("<img src=\"data:image/png;base64,").Append(Convert.ToBase64String(figure.Png))
            .Append("\" width=\"").Append(width.ToString(CultureInfo.InvariantCulture))
            .Append("\" height=\"").Append(height.ToString(CultureInfo.InvariantCulture))
            .Append("\" alt=\"").Append(Encode(figure.Title)).Append("\">\n<figcaption>");
        if (!string.IsNullOrWhiteSpace(figure.Caption))
        {
            html.Append(Encode(figure.Caption)).Append(' ');
        }

        html.Append("<a href=\"").Append(file).Append("\">").Append(file).Append("</a></figcaption>\n</figure>\n");
    }

    private static string NumberCell(double value) => $"<td class=\"num\">{Encode(Number(value, "0.000"))}</td>";

    private static string CountCell(int value) => $"<td class=\"num\">{value.ToString(CultureInfo.InvariantCulture)}</td>";

    private static string Number(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    private const string Css = """
        body { margin: 0; background: #f6f7f9; color: #1d2330; font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
        h1 { margin: 0 0 4px; font-size: 28px; }
        h2 { margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 2px solid #0072b2; font-size: 21px; }
        h3 { margin: 0 0 6px; font-size: 16px; font-weight: 600; }
        .generated { margin: 0; color: #5b6475; font-size: 13px; }
        .summary { margin: 12px 0 0; }
        table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
        th, td { padding: 5px 10px; border: 1px solid #d5d9e0; text-align: left; }
        th { background: #eef1f5; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        tbody tr.kept { background: #e6f2ea; font-weight: 600; }
        figure { margin: 18px 0 26px; }
        figure img { display: block; max-width: 100%; height: auto; border: 1px solid #e3e6eb; }
        figcaption { margin-top: 4px; color: #5b6475; font-size: 13px; }
        .side-by-side { display: flex; flex-wrap: wrap; gap: 16px; }
        .side-by-side figure { flex: 1 1 420px; margin: 0; }
        @media print { body { background: #fff; } main { max-width: none; padding: 0; } figure { break-inside: avoid; } }

        """;
}
