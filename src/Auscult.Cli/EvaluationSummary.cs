using System.Globalization;
using Auscult.Evaluation;

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
        output.WriteLine($"{Model} ({ModelKind}) on {CliOptions.Count(Clips, "test clip")} of '{MachineType}' ({AnomalyClips} anomalous)");
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
