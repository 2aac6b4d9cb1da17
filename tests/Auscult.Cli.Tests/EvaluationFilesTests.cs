using System.Text.RegularExpressions;
using Auscult.Data;
using Auscult.Evaluation;
using Auscult.Reports;
using Auscult.Torch.Workflows;
using Auscult.Tests.TestSupport;

namespace Auscult.Cli.Tests;

public sealed class EvaluationFilesTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Two machines, 12 normal and 6 anomalous clips each; anomalies score higher by <paramref name="separation"/>.</summary>
    private static (EvaluatedModel Evaluated, ClipSelection.Selection Test) Evaluation(double separation, int seed, string kind = "autoencoder")
    {
        var random = new Random(seed);
        var clips = new List<ScoredClip>();
        var entries = new List<CatalogEntry>();
        foreach (string id in new[] { "id_00", "id_02" })
        {
            for (int i = 0; i < 18; i++)
            {
                var label = i < 12 ? ClipLabel.Normal : ClipLabel.Anomaly;
                string name = $"{(label == ClipLabel.Normal ? "normal" : "abnormal")}_{i:D4}.wav";
                var entry = new CatalogEntry($"/data/fan/{id}/{name}", $"fan/{id}/{name}", "fan", id, Domain.None, DataSplit.Test, label);
                entries.Add(entry);
                clips.Add(ScoredClip.Of(entry, random.NextDouble() + (label == ClipLabel.Anomaly ? separation : 0)));
            }
        }

        var evaluation = DetectionEvaluation.Compute(clips, 0.9);
        var summary = EvaluationSummary.Of(evaluation, kind + ".auscult", kind, "fan", "gamma");
        return (new EvaluatedModel(evaluation, summary, []), new ClipSelection.Selection("/data", "fan", null, entries));
    }

    private static EvaluationFiles.ModelTraining Training() => new("cnn-32",
        EvaluationPlots.TrainingCurves([1.0, 0.7, 0.5, 0.45], [1.1, 0.8, 0.6, 0.65], "Training curves: cnn-32", validationF1: [0.4, 0.7, 0.8, 0.85], keptEpoch: 4),
        [
            new TrialRow("cnn-16", 0.7, 0.7, 2, 4, 3.5, "early-stopping", Kept: false),
            new TrialRow("cnn-32", 0.85, 0.65, 4, 4, 5.0, "max-epochs", Kept: true),
        ]);

    private void WriteComparison(string folder)
    {
        var time = TimeProvider.System;
        var models = new List<EvaluationFiles.ComparedModel>();
        foreach (var (kind, evaluation, training) in new[] { ("autoencoder", Evaluation(0.3, 1), null), ("classifier", Evaluation(0.6, 2, "classifier"), Training()) })
        {
            var sections = EvaluationFiles.Write(Path.Combine(folder, kind), evaluation.Evaluated, evaluation.Test, training, time);
            models.Add(new EvaluationFiles.ComparedModel(evaluation.Evaluated, $"{kind} needs", kind, sections));
        }

        EvaluationFiles.WriteComparison(folder, models, time);
    }

    [Fact]
    public void WriteComparison_WritesEachModelsPicturesOnce_InItsOwnFolder()
    {
        string folder = _temp.Combine("compare");
        WriteComparison(folder);

        // Before issue #10 every model picture was rendered and written twice: in its folder and again beside the comparison.
        Assert.Equal(["comparison-1-confusion.png", "comparison-2-confusion.png"],
            Directory.GetFiles(folder, "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var contents = Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories).Select(f => Convert.ToBase64String(File.ReadAllBytes(f))).ToList();
        Assert.Equal(contents.Count, contents.Distinct().Count());

        string html = File.ReadAllText(Path.Combine(folder, "report.html"));
        var links = Regex.Matches(html, "<a href=\"([^\"]+)\">").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("autoencoder/roc.png", links);
        Assert.Contains("classifier/training_curves.png", links);
        Assert.All(links, link => Assert.True(File.Exists(Path.Combine(folder, link)), $"{link} is linked but does not exist."));
    }

    [Fact]
    public void WriteComparison_ReportHasThePerMachineTable_WithAColumnPerModel()
    {
        string folder = _temp.Combine("compare");
        WriteComparison(folder);
        string html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Contains("<th>AUC autoencoder.auscult</th><th>AUC classifier.auscult</th><th>pAUC autoencoder.auscult</th><th>pAUC classifier.auscult</th>", html);
        Assert.Contains("<td>fan id_00</td>", html);
        Assert.Contains("<td>fan id_02</td>", html);
    }

    [Fact]
    public void Write_ClassifierReport_ListsTheTrialsAndShowsTheCurves()
    {
        string folder = _temp.Combine("classifier");
        var (evaluated, test) = Evaluation(0.6, 2, "classifier");
        EvaluationFiles.Write(folder, evaluated, test, Training(), TimeProvider.System);
        string html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Contains("<h3>Configurations tried</h3>", html);
        Assert.Contains("<tr class=\"kept\"><td>cnn-32</td>", html);
        Assert.Contains("<tr><td>cnn-16</td>", html);
        Assert.Contains("kept cnn-32, the best by validation F1", html);
        Assert.True(File.Exists(Path.Combine(folder, "training_curves.png")));
    }
}
