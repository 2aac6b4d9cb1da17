using System.Globalization;
using Auscult.Evaluation;

namespace Auscult.Cli;

/// <summary>An evaluation summary as the tables <c>evaluate</c> prints.</summary>
internal static class SummaryTable
{
    public static void Write(EvaluationSummary summary, TextWriter output)
    {
        static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
        BinaryMetrics m = summary.Metrics;
        output.WriteLine($"{summary.Model} ({summary.ModelKind}) on {CliOptions.Count(summary.Clips, "test clip")} of '{summary.MachineType}' ({summary.AnomalyClips} anomalous)");
        new TextTable("metric", ">value")
            .Add("ROC AUC", F(summary.Auc))
            .Add(string.Create(CultureInfo.InvariantCulture, $"pAUC (FPR <= {summary.MaxFalsePositiveRate:0.##})"), F(summary.PartialAuc))
            .Add("threshold", $"{F(summary.Threshold)} ({summary.ThresholdMethod})")
            .Add("precision", F(m.Precision))
            .Add("recall", F(m.Recall))
            .Add("F1", F(m.F1))
            .Add("accuracy", F(m.Accuracy))
            .Add("F1, normal as positive", F(m.NormalF1))
            .Write(output);
        output.WriteLine();
        output.WriteLine("confusion matrix (rows: truth, columns: decision)");
        new TextTable("", ">normal", ">anomaly")
            .Add("normal", m.TrueNegatives, m.FalsePositives)
            .Add("anomaly", m.FalseNegatives, m.TruePositives)
            .Write(output);
        output.WriteLine();
        var machines = new TextTable("machine", ">AUC", ">pAUC", ">normal", ">anomaly");
        foreach (GroupScore row in summary.PerMachine.Groups)
        {
            machines.Add(row.Group, F(row.Auc), F(row.PartialAuc), row.NormalCount, row.AnomalyCount);
        }

        machines.Add("arithmetic mean", F(summary.PerMachine.ArithmeticMeanAuc), F(summary.PerMachine.ArithmeticMeanPartialAuc), "", "");
        machines.Add("harmonic mean", F(summary.PerMachine.HarmonicMeanAuc), F(summary.PerMachine.HarmonicMeanPartialAuc), "", "");
        machines.Write(output);
    }
}
