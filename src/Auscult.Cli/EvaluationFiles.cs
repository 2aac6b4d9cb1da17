using System.Globalization;
using Auscult.Evaluation;
using Auscult.Reports;

namespace Auscult.Cli;

/// <summary>Writes an evaluation's files: metrics.json, scores.csv, threshold_sweep.csv, DCASE CSVs, report.html with its PNGs.</summary>
internal static class EvaluationFiles
{
    /// <summary>How a model was trained, for its report: the configurations a search tried and the kept one's curves.</summary>
    /// <param name="Kept">The kept configuration's name.</param>
    /// <param name="Curves">Its loss and validation F1 per epoch, when the bundle keeps them; else null.</param>
    /// <param name="Trials">Every configuration tried, in order.</param>
    internal sealed record ModelTraining(string Kept, ScottPlot.Plot? Curves, IReadOnlyList<TrialRow> Trials);

    /// <param name="folder">Where the files go (created).</param>
    /// <param name="evaluation">The evaluation.</param>
    /// <param name="summary">Its figures.</param>
    /// <param name="training">How the model was trained when its bundle says (the classifier), else null.</param>
    /// <param name="time">Clock for the report's date.</param>
    /// <returns>The report's sections, whose pictures are now in <paramref name="folder"/>.</returns>
    public static IReadOnlyList<ReportSection> Write(string folder, DetectionEvaluation evaluation, EvaluationSummary summary, ModelTraining? training, TimeProvider time)
    {
        Directory.CreateDirectory(folder);
        AtomicFile.WriteText(Path.Combine(folder, "metrics.json"), writer => CliJson.Write(writer, summary));
        AtomicFile.WriteText(Path.Combine(folder, "scores.csv"), writer =>
        {
            writer.Write("file,machine,label,score,threshold,anomalous\n");
            foreach (ScoredClip clip in evaluation.Clips)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{CsvField.Of(clip.Clip.RelativePath)},{CsvField.Of(clip.Group)},{(clip.Clip.Label == Data.ClipLabel.Anomaly ? "anomaly" : "normal")},{clip.Score:R},{evaluation.Threshold:R},{(clip.Score > evaluation.Threshold ? "true" : "false")}\n"));
            }
        });
        AtomicFile.WriteText(Path.Combine(folder, "threshold_sweep.csv"), writer =>
        {
            ThresholdSweep sweep = evaluation.Sweep;
            writer.Write("threshold,false_positives,false_negatives,true_positives,true_negatives\n");
            for (int i = 0; i < sweep.Count; i++)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{sweep.Thresholds[i]:R},{sweep.FalsePositives[i]},{sweep.FalseNegatives[i]},{sweep.TruePositives[i]},{sweep.TrueNegatives[i]}\n"));
            }
        });
        foreach (var machine in evaluation.Clips.GroupBy(c => (c.Clip.MachineType, c.Clip.MachineId)))
        {
            AtomicFile.WriteText(Path.Combine(folder, DcaseCsv.AnomalyScoreFileName(machine.Key.MachineType, machine.Key.MachineId)), writer =>
                DcaseCsv.WriteAnomalyScores(writer, machine.Select(c => KeyValuePair.Create(c.Clip.FileName, c.Score))));
            AtomicFile.WriteText(Path.Combine(folder, DcaseCsv.DecisionResultFileName(machine.Key.MachineType, machine.Key.MachineId)), writer =>
                DcaseCsv.WriteDecisions(writer, machine.Select(c => KeyValuePair.Create(c.Clip.FileName, c.Score > evaluation.Threshold))));
        }

        var sections = Sections(evaluation, summary, training);
        HtmlReport.Write(Report(evaluation, summary, sections, time), folder);
        return sections;
    }

    /// <summary>
    /// Writes report.html comparing two evaluations on the same test clips. Each model's pictures are those its own
    /// evaluation wrote into <c>Subfolder</c> (a subfolder of <paramref name="folder"/>): linked there, not written again.
    /// </summary>
    public static void WriteComparison(string folder,
        IReadOnlyList<(DetectionEvaluation Evaluation, EvaluationSummary Summary, string Needs, string Subfolder, IReadOnlyList<ReportSection> Sections)> models,
        TimeProvider time)
    {
        var sections = models.SelectMany(m => m.Sections.Select((s, i) => s with
        {
            Heading = i == 0 ? $"{m.Summary.ModelKind}: {m.Summary.Model}" : $"{m.Summary.ModelKind}: {s.Heading}",
            Text = i == 0 ? m.Needs : s.Text,
            Folder = m.Subfolder,
        })).ToList();
        string summary = string.Join(" ", models.Select(m => string.Create(CultureInfo.InvariantCulture,
            $"{m.Summary.ModelKind}: F1 {m.Summary.F1:0.000}, ROC AUC {m.Summary.Auc:0.000}.")));
        var document = new ReportDocument($"Auscult comparison: {models[0].Summary.MachineType}",
            $"Both models on the same {models[0].Summary.Clips} test clips ({models[0].Summary.AnomalyClips} anomalous). {summary}",
            time.GetUtcNow(), null, [], sections, new ModelComparison(Metrics(models[0].Evaluation, models[0].Summary), Metrics(models[1].Evaluation, models[1].Summary),
                Machines(models[0].Summary), Machines(models[1].Summary)));
        HtmlReport.Write(document, folder);
    }

    private static LabelledScores Scores(DetectionEvaluation evaluation) =>
        new(evaluation.Clips.Select(c => c.Score).ToList(), evaluation.Clips.Select(c => c.Clip.Label == Data.ClipLabel.Anomaly).ToList());

    private static MetricsRow Metrics(DetectionEvaluation evaluation, EvaluationSummary summary) =>
        new(summary.Model, summary.Auc, summary.Pauc, summary.Threshold, summary.ThresholdMethod, summary.Precision, summary.Recall,
            summary.F1, summary.Accuracy, ConfusionCounts.FromScores(Scores(evaluation), evaluation.Threshold));

    private static List<MachineRow> Machines(EvaluationSummary summary) =>
        summary.Machines.Select(m => new MachineRow(m.Machine, m.Auc, m.Pauc, m.NormalClips, m.AnomalyClips)).ToList();

    private static List<ReportSection> Sections(DetectionEvaluation evaluation, EvaluationSummary summary, ModelTraining? training)
    {
        var sections = new List<ReportSection> { new("Scores and threshold", Figures(evaluation, summary)) };
        if (training is not null)
        {
            List<ReportFigure> curves = training.Curves is null
                ? []
                : [new ReportFigure("training_curves.png", "Training curves", PlotImage.ToPng(training.Curves),
                    "Loss per epoch of the kept configuration on its training and validation clips, and its validation F1 (right axis); the kept epoch is the one with the best validation F1.")];
            int completed = training.Trials.Count(t => t.Completed);
            string text = string.Create(CultureInfo.InvariantCulture,
                $"The search tried {training.Trials.Count} configuration{(training.Trials.Count == 1 ? "" : "s")} in {training.Trials.Sum(t => t.Seconds):0} s ({completed} produced a model) and kept {training.Kept}, the best by validation F1.");
            sections.Add(new ReportSection("Training", curves, text, training.Trials));
        }

        return sections;
    }

    private static List<ReportFigure> Figures(DetectionEvaluation evaluation, EvaluationSummary summary)
    {
        LabelledScores scores = Scores(evaluation);
        var roc = new RocCurveData(evaluation.Roc.FalsePositiveRates, evaluation.Roc.TruePositiveRates, evaluation.Auc,
            evaluation.PartialAuc, evaluation.MaxFalsePositiveRate);
        ReportFigure Figure(string file, string title, ScottPlot.Plot plot, string caption) =>
            new(file, title, PlotImage.ToPng(plot), caption);
        var figures = new List<ReportFigure>
        {
            Figure("score_histogram.png", "Anomaly scores", EvaluationPlots.ScoreHistogram(scores, evaluation.Threshold, summary.ThresholdMethod),
                "Scores of normal and anomalous test clips; clips right of the threshold are flagged."),
            Figure("errors_vs_threshold.png", "False positives and false negatives", EvaluationPlots.ErrorsAgainstThreshold(scores, evaluation.Threshold, summary.ThresholdMethod),
                "How many clips each threshold would get wrong; the chosen threshold is marked."),
            Figure("scores_by_clip.png", "Every test clip", EvaluationPlots.ScoresByClip(scores, evaluation.Threshold, summary.ThresholdMethod),
                "Each test clip's score against the threshold."),
            Figure("roc.png", "ROC curve", EvaluationPlots.Roc(roc), "The shaded region is the pAUC range (false positive rate up to 0.1)."),
            Figure("confusion_matrix.png", "Confusion matrix", EvaluationPlots.ConfusionMatrix(ConfusionCounts.FromScores(scores, evaluation.Threshold)),
                "Decisions at the threshold against the truth."),
        };
        return figures;
    }

    private static ReportDocument Report(DetectionEvaluation evaluation, EvaluationSummary summary, IReadOnlyList<ReportSection> sections, TimeProvider time) =>
        new(
            $"Auscult evaluation: {summary.MachineType}",
            string.Create(CultureInfo.InvariantCulture,
                $"{summary.ModelKind} model {summary.Model} on {summary.Clips} test clips ({summary.AnomalyClips} anomalous): ROC AUC {summary.Auc:0.000}, pAUC {summary.Pauc:0.000}, F1 {summary.F1:0.000} at threshold {summary.Threshold:0.###} ({summary.ThresholdMethod})."),
            time.GetUtcNow(),
            Metrics(evaluation, summary),
            Machines(summary),
            sections);

}
