using System.Globalization;
using Auscult.Evaluation;
using Auscult.Reports;

namespace Auscult.Cli;

/// <summary>The figures of an evaluation in the shape <c>--format json</c> and <c>metrics.json</c> give them.</summary>
internal sealed record EvaluationSummary(
    string Model,
    string ModelKind,
    string MachineType,
    int Clips,
    int AnomalyClips,
    double Auc,
    double Pauc,
    double Threshold,
    string ThresholdMethod,
    double Precision,
    double Recall,
    double F1,
    double Accuracy,
    ConfusionSummary Confusion,
    NormalPositiveSummary NormalPositive,
    IReadOnlyList<MachineSummaryRow> Machines,
    MeansSummary Means)
{
    public static EvaluationSummary Of(DetectionEvaluation evaluation, string model, string modelKind, string machineType, string thresholdMethod)
    {
        BinaryMetrics m = evaluation.Metrics;
        ScoreAggregate a = evaluation.PerMachine;
        return new EvaluationSummary(model, modelKind, machineType, evaluation.Clips.Count,
            evaluation.Clips.Count(c => c.Clip.Label == Data.ClipLabel.Anomaly), evaluation.Auc, evaluation.PartialAuc,
            evaluation.Threshold, thresholdMethod, m.Precision, m.Recall, m.F1, m.Accuracy,
            new ConfusionSummary(m.TrueNegatives, m.FalsePositives, m.FalseNegatives, m.TruePositives),
            new NormalPositiveSummary(m.NormalPrecision, m.NormalRecall, m.NormalF1),
            a.Groups.Select(g => new MachineSummaryRow(g.Group, g.Auc, g.PartialAuc, g.NormalCount, g.AnomalyCount)).ToList(),
            new MeansSummary(a.ArithmeticMeanAuc, a.ArithmeticMeanPartialAuc, a.HarmonicMeanAuc, a.HarmonicMeanPartialAuc));
    }

    public void WriteTable(TextWriter output)
    {
        static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
        output.WriteLine($"{Model} ({ModelKind}) on {Clips} test clips of '{MachineType}' ({AnomalyClips} anomalous)");
        new TextTable("metric", ">value")
            .Add("ROC AUC", F(Auc))
            .Add("pAUC (FPR <= 0.1)", F(Pauc))
            .Add("threshold", $"{F(Threshold)} ({ThresholdMethod})")
            .Add("precision", F(Precision))
            .Add("recall", F(Recall))
            .Add("F1", F(F1))
            .Add("accuracy", F(Accuracy))
            .Add("F1, normal as positive", F(NormalPositive.F1))
            .Write(output);
        output.WriteLine();
        output.WriteLine("confusion matrix (rows: truth, columns: decision)");
        new TextTable("", ">normal", ">anomaly")
            .Add("normal", Confusion.Tn, Confusion.Fp)
            .Add("anomaly", Confusion.Fn, Confusion.Tp)
            .Write(output);
        output.WriteLine();
        var machines = new TextTable("machine", ">AUC", ">pAUC", ">normal", ">anomaly");
        foreach (MachineSummaryRow row in Machines)
        {
            machines.Add(row.Machine, F(row.Auc), F(row.Pauc), row.NormalClips, row.AnomalyClips);
        }

        machines.Add("arithmetic mean", F(Means.AucArithmetic), F(Means.PaucArithmetic), "", "");
        machines.Add("harmonic mean", F(Means.AucHarmonic), F(Means.PaucHarmonic), "", "");
        machines.Write(output);
    }
}

internal sealed record ConfusionSummary(int Tn, int Fp, int Fn, int Tp);

internal sealed record NormalPositiveSummary(double Precision, double Recall, double F1);

internal sealed record MachineSummaryRow(string Machine, double Auc, double Pauc, int NormalClips, int AnomalyClips);

internal sealed record MeansSummary(double AucArithmetic, double PaucArithmetic, double AucHarmonic, double PaucHarmonic);

/// <summary>Writes an evaluation's files: metrics.json, scores.csv, threshold_sweep.csv, DCASE CSVs, report.html with its PNGs.</summary>
internal static class EvaluationFiles
{
    public static void Write(string folder, DetectionEvaluation evaluation, EvaluationSummary summary, TimeProvider time)
    {
        Directory.CreateDirectory(folder);
        AtomicFile.WriteText(Path.Combine(folder, "metrics.json"), writer => CliJson.Write(writer, summary));
        AtomicFile.WriteText(Path.Combine(folder, "scores.csv"), writer =>
        {
            writer.Write("file,machine,label,score,threshold,anomalous\n");
            foreach (ScoredClip clip in evaluation.Clips)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{Csv(clip.Clip.RelativePath)},{Csv(clip.Group)},{(clip.Clip.Label == Data.ClipLabel.Anomaly ? "anomaly" : "normal")},{clip.Score:R},{evaluation.Threshold:R},{(clip.Score > evaluation.Threshold ? "true" : "false")}\n"));
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

        HtmlReport.Write(Report(evaluation, summary, time), folder);
    }

    private static ReportDocument Report(DetectionEvaluation evaluation, EvaluationSummary summary, TimeProvider time)
    {
        var scores = new LabelledScores(evaluation.Clips.Select(c => c.Score).ToList(),
            evaluation.Clips.Select(c => c.Clip.Label == Data.ClipLabel.Anomaly).ToList());
        var confusion = ConfusionCounts.FromScores(scores, evaluation.Threshold);
        var roc = new RocCurveData(evaluation.Roc.FalsePositiveRates, evaluation.Roc.TruePositiveRates, evaluation.Auc,
            evaluation.PartialAuc, evaluation.MaxFalsePositiveRate);
        static ReportFigure Figure(string file, string title, ScottPlot.Plot plot, string caption) =>
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
            Figure("confusion_matrix.png", "Confusion matrix", EvaluationPlots.ConfusionMatrix(confusion), "Decisions at the threshold against the truth."),
        };
        var metrics = new MetricsRow(summary.Model, summary.Auc, summary.Pauc, summary.Threshold, summary.ThresholdMethod,
            summary.Precision, summary.Recall, summary.F1, summary.Accuracy, confusion);
        return new ReportDocument(
            $"Auscult evaluation: {summary.MachineType}",
            string.Create(CultureInfo.InvariantCulture,
                $"{summary.ModelKind} model {summary.Model} on {summary.Clips} test clips ({summary.AnomalyClips} anomalous): ROC AUC {summary.Auc:0.000}, pAUC {summary.Pauc:0.000}, F1 {summary.F1:0.000} at threshold {summary.Threshold:0.###} ({summary.ThresholdMethod})."),
            time.GetUtcNow(),
            metrics,
            summary.Machines.Select(m => new MachineRow(m.Machine, m.Auc, m.Pauc, m.NormalClips, m.AnomalyClips)).ToList(),
            [new ReportSection("Scores and threshold", figures)]);
    }

    private static string Csv(string text) => text.Contains(',') || text.Contains('"') ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
}
