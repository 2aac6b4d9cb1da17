using System.Globalization;
using Auscult.Data;
using Auscult.Evaluation;
using Auscult.Reports;
using Auscult.Torch.Bundles;
using Auscult.Torch.Workflows;
using ScottPlot;

namespace Auscult.Cli;

/// <summary>Writes an evaluation's files: metrics.json, scores.csv, threshold_sweep.csv, DCASE CSVs, report.html with its PNGs.</summary>
internal static class EvaluationFiles
{
    /// <summary>How a model was trained, for its report: the configurations a search tried and the kept one's curves.</summary>
    /// <param name="Kept">The kept configuration's name.</param>
    /// <param name="Curves">Its loss and validation F1 per epoch, when the bundle keeps them; else null.</param>
    /// <param name="Trials">Every configuration tried, in order.</param>
    internal sealed record ModelTraining(string Kept, Plot? Curves, IReadOnlyList<TrialRow> Trials);

    /// <summary>One model of a comparison: its evaluation, what it needed to train, and the subfolder its own files are in.</summary>
    internal sealed record ComparedModel(EvaluatedModel Evaluated, string Needs, string Subfolder, IReadOnlyList<ReportSection> Sections);

    /// <summary>Says which test clips were left out as unfit to judge, with the first few reasons.</summary>
    public static void WriteUnfit(EvaluatedModel evaluated, TextWriter output)
    {
        var unfit = evaluated.Summary.InputUnfit;
        if (unfit.Count == 0)
        {
            return;
        }

        const int Shown = 5;
        output.WriteLine($"left out {CliOptions.Count(unfit.Count, "test clip")} whose input is unfit to judge:");
        foreach (string line in unfit.Take(Shown))
        {
            output.WriteLine("  " + line);
        }

        if (unfit.Count > Shown)
        {
            output.WriteLine($"  ... and {unfit.Count - Shown} more");
        }
    }

    /// <param name="folder">Where the files go (created).</param>
    /// <param name="evaluated">The evaluation.</param>
    /// <param name="test">The test clips, for the DCASE files' machine ids and file names.</param>
    /// <param name="training">How the model was trained when its bundle says (the classifier), else null.</param>
    /// <param name="time">Clock for the report's date.</param>
    /// <returns>The report's sections, whose pictures are now in <paramref name="folder"/>.</returns>
    public static IReadOnlyList<ReportSection> Write(string folder, EvaluatedModel evaluated, ClipSelection.Selection test, ModelTraining? training, TimeProvider time)
    {
        DetectionEvaluation evaluation = evaluated.Evaluation;
        EvaluationSummary summary = evaluated.Summary;
        Directory.CreateDirectory(folder);
        AtomicFile.WriteText(Path.Combine(folder, "metrics.json"), writer => CliJson.Write(writer, summary));
        AtomicFile.WriteText(Path.Combine(folder, "scores.csv"), writer =>
        {
            writer.Write("file,machine,label,score,threshold,anomalous\n");
            foreach (ScoredClip clip in evaluation.Clips)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{CsvField.Of(clip.Clip)},{CsvField.Of(clip.Group)},{(clip.IsAnomaly ? "anomaly" : "normal")},{clip.Score:R},{evaluation.Threshold:R},{(evaluation.IsAnomalous(clip) ? "true" : "false")}\n"));
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
        var entries = test.Clips.ToDictionary(c => c.RelativePath, StringComparer.Ordinal);
        foreach (var machine in evaluation.Clips.Select(c => (Clip: c, Entry: entries[c.Clip])).GroupBy(c => (c.Entry.MachineType, c.Entry.MachineId)))
        {
            AtomicFile.WriteText(Path.Combine(folder, DcaseCsv.AnomalyScoreFileName(machine.Key.MachineType, machine.Key.MachineId)), writer =>
                DcaseCsv.WriteAnomalyScores(writer, machine.Select(c => KeyValuePair.Create(c.Entry.FileName, c.Clip.Score))));
            AtomicFile.WriteText(Path.Combine(folder, DcaseCsv.DecisionResultFileName(machine.Key.MachineType, machine.Key.MachineId)), writer =>
                DcaseCsv.WriteDecisions(writer, machine.Select(c => KeyValuePair.Create(c.Entry.FileName, evaluation.IsAnomalous(c.Clip)))));
        }

        var sections = Sections(evaluation, summary, training);
        HtmlReport.Write(Report(summary, sections, time), folder);
        return sections;
    }

    /// <summary>
    /// Writes report.html comparing two evaluations on the same test clips. Each model's pictures are those its own
    /// evaluation wrote into <c>Subfolder</c> (a subfolder of <paramref name="folder"/>): linked there, not written again.
    /// </summary>
    public static void WriteComparison(string folder, IReadOnlyList<ComparedModel> models, TimeProvider time)
    {
        var sections = models.SelectMany(m => m.Sections.Select((s, i) => s with
        {
            Heading = i == 0 ? $"{m.Evaluated.Summary.ModelKind}: {m.Evaluated.Summary.Model}" : $"{m.Evaluated.Summary.ModelKind}: {s.Heading}",
            Text = i == 0 ? m.Needs : s.Text,
            Folder = m.Subfolder,
        })).ToList();
        EvaluationSummary first = models[0].Evaluated.Summary;
        string summary = string.Join(" ", models.Select(m => string.Create(CultureInfo.InvariantCulture,
            $"{m.Evaluated.Summary.ModelKind}: F1 {m.Evaluated.Summary.Metrics.F1:0.000}, ROC AUC {m.Evaluated.Summary.Auc:0.000}.")));
        var document = new ReportDocument($"Auscult comparison: {first.MachineType}",
            $"Both models on the same {first.Clips} test clips ({first.AnomalyClips} anomalous). {summary}",
            time.GetUtcNow(), null, sections, new ModelComparison(first, models[1].Evaluated.Summary));
        HtmlReport.Write(document, folder);
    }

    /// <summary>
    /// The classifier's search as the report shows it: every configuration tried, and the kept one's loss and validation
    /// F1 per epoch with its kept epoch marked (the best validation F1, which need not be the lowest validation loss).
    /// </summary>
    public static ModelTraining? TrainingOf(ModelBundle bundle)
    {
        if (bundle.Kind != ModelKind.Classifier)
        {
            return null;
        }

        var model = bundle.Classifier;
        var trials = model.Training.Trials;
        int keptIndex = -1;
        for (int i = 0; i < trials.Count && keptIndex < 0; i++)
        {
            keptIndex = trials[i].Config.Name == model.Config.Name && trials[i].Completed ? i : -1;
        }

        var rows = trials.Select((t, i) => new TrialRow(t.Config.Name, t.ValidationF1, t.ValidationLoss, t.BestEpoch, t.Epochs, t.Seconds,
            t.StoppedBy, i == keptIndex)).ToList();
        var kept = keptIndex < 0 ? null : trials[keptIndex];
        Plot? curves = null;
        if (kept?.TrainLosses is { Count: > 0 } losses)
        {
            // Bundles from before ValidationF1s have no F1 per epoch; their kept epoch is still marked.
            int? keptEpoch = kept.BestEpoch <= losses.Count ? kept.BestEpoch : null;
            curves = EvaluationPlots.TrainingCurves(losses, kept.ValidationLosses, $"Training curves: {model.Config.Name}",
                validationF1: kept.ValidationF1s, keptEpoch: keptEpoch);
        }

        return new ModelTraining(model.Config.Name, curves, rows);
    }

    private static LabelledScores Scores(DetectionEvaluation evaluation) =>
        new(evaluation.Clips.Select(c => c.Score).ToList(), evaluation.Clips.Select(c => c.IsAnomaly).ToList());

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
        ReportFigure Figure(string file, string title, Plot plot, string caption) =>
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
            Figure("confusion_matrix.png", "Confusion matrix", EvaluationPlots.ConfusionMatrix(evaluation.Metrics),
                "Decisions at the threshold against the truth."),
        };
        return figures;
    }

    private static ReportDocument Report(EvaluationSummary summary, IReadOnlyList<ReportSection> sections, TimeProvider time) =>
        new(
            $"Auscult evaluation: {summary.MachineType}",
            string.Create(CultureInfo.InvariantCulture,
                $"{summary.ModelKind} model {summary.Model} on {summary.Clips} test clips ({summary.AnomalyClips} anomalous): ROC AUC {summary.Auc:0.000}, pAUC {summary.PartialAuc:0.000}, F1 {summary.Metrics.F1:0.000} at threshold {summary.Threshold:0.###} ({summary.ThresholdMethod}).{Unfit(summary)}"),
            time.GetUtcNow(),
            summary,
            sections);

    private static string Unfit(EvaluationSummary summary) =>
        summary.InputUnfit.Count == 0 ? "" : $" {CliOptions.Count(summary.InputUnfit.Count, "test clip")} left out: input unfit to judge.";
}
