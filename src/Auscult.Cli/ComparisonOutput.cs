using System.Globalization;
using Auscult.Data;
using Auscult.Torch.Workflows;

namespace Auscult.Cli;

/// <summary>
/// The files and table of a comparison (<c>compare</c> and <c>demo</c>): each model's evaluation in its own subfolder,
/// report.html side by side, comparison.json, and the table on the console.
/// </summary>
internal static class ComparisonOutput
{
    /// <summary>The autoencoder's bundle in the output folder.</summary>
    public const string AutoencoderFile = "autoencoder.auscult";

    /// <summary>The classifier's bundle in the output folder.</summary>
    public const string ClassifierFile = "classifier.auscult";

    /// <summary>Trains and evaluates both models on <paramref name="catalog"/> with progress on <paramref name="output"/>, then writes everything into <paramref name="folder"/>.</summary>
    public static async Task RunAsync(ClipCatalog catalog, string? machineType, ComparisonOptions options, string folder, TextWriter output,
        CancellationToken cancellationToken)
    {
        using ComparedModels compared = await ProgressDisplay.For(output).RunStepsAsync(progress => ModelComparisonRun.Run(catalog, machineType, options,
            Path.Combine(folder, AutoencoderFile), Path.Combine(folder, ClassifierFile), progress, cancellationToken), cancellationToken);
        Write(folder, compared, output);
    }

    private static void Write(string folder, ComparedModels compared, TextWriter output)
    {
        int anomalies = compared.Labelled.Clips.Count(c => c.Label == ClipLabel.Anomaly);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"autoencoder: trained on {CliOptions.Count(compared.Normals.Clips.Count, "normal clip")} in {CliOptions.Human(compared.Autoencoder.Elapsed)}; threshold {compared.AutoencoderDetector.Threshold.Value:0.####} ({CliModels.DescribeThreshold(compared.AutoencoderDetector.Threshold)})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"classifier: kept {compared.Classifier.Model.Config.Name} after searching for {CliOptions.Human(compared.Classifier.Elapsed)}; threshold {compared.ClassifierDetector.Threshold.Value:0.###} (max F1 on validation clips)"));
        var models = new List<EvaluationFiles.ComparedModel>();
        foreach (var (evaluated, detector, subfolder, needs) in new[]
        {
            (compared.AutoencoderEvaluation, compared.AutoencoderDetector, "autoencoder",
                $"Needs normal clips only: trained on {CliOptions.Count(compared.Normals.Clips.Count, "unlabelled normal clip")} in {CliOptions.Human(compared.Autoencoder.Elapsed)}."),
            (compared.ClassifierEvaluation, compared.ClassifierDetector, "classifier",
                $"Needs labelled faults: trained on {CliOptions.Count(compared.Labelled.Clips.Count, "clip")} ({anomalies} anomalous) in {CliOptions.Human(compared.Classifier.Elapsed)}."),
        })
        {
            EvaluationFiles.WriteUnfit(evaluated, output);
            var sections = EvaluationFiles.Write(Path.Combine(folder, subfolder), evaluated, compared.Test, EvaluationFiles.TrainingOf(detector.Bundle), TimeProvider.System);
            models.Add(new EvaluationFiles.ComparedModel(evaluated, needs, subfolder, sections));
        }

        EvaluationFiles.WriteComparison(folder, models, TimeProvider.System);
        AtomicFile.WriteText(Path.Combine(folder, "comparison.json"), writer => CliJson.Write(writer, models.Select(m => new { m.Evaluated.Summary, m.Needs })));
        output.WriteLine();
        WriteTable(models, output);
        output.WriteLine($"report: {Path.Combine(folder, "report.html")}");
    }

    private static void WriteTable(IReadOnlyList<EvaluationFiles.ComparedModel> models, TextWriter output)
    {
        static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
        var a = models[0].Evaluated.Summary;
        var c = models[1].Evaluated.Summary;
        new TextTable("metric", ">autoencoder", ">classifier")
            .Add("ROC AUC", F(a.Auc), F(c.Auc))
            .Add("pAUC (FPR <= 0.1)", F(a.PartialAuc), F(c.PartialAuc))
            .Add("precision", F(a.Metrics.Precision), F(c.Metrics.Precision))
            .Add("recall", F(a.Metrics.Recall), F(c.Metrics.Recall))
            .Add("F1", F(a.Metrics.F1), F(c.Metrics.F1))
            .Add("accuracy", F(a.Metrics.Accuracy), F(c.Metrics.Accuracy))
            .Add("confusion tn/fp/fn/tp",
                $"{a.Metrics.TrueNegatives}/{a.Metrics.FalsePositives}/{a.Metrics.FalseNegatives}/{a.Metrics.TruePositives}",
                $"{c.Metrics.TrueNegatives}/{c.Metrics.FalsePositives}/{c.Metrics.FalseNegatives}/{c.Metrics.TruePositives}")
            .Write(output);
        foreach (var model in models)
        {
            output.WriteLine($"{model.Evaluated.Summary.ModelKind}: {model.Needs}");
        }
    }
}
