using System.CommandLine;
using System.Globalization;
using Auscult.Data;
using Auscult.Evaluation;
using Auscult.Torch.Bundles;
using Auscult.Torch.Models;

namespace Auscult.Cli.Commands;

/// <summary>
/// <c>auscult compare --data DIR</c>: trains the autoencoder (normal clips only) and the supervised classifier (labelled
/// clips) on the same split and evaluates both on the same held-out clips, side by side.
/// </summary>
internal static class CompareCommand
{
    public const string DefaultFolder = "auscult-compare";

    /// <summary>The autoencoder's bundle in the output folder.</summary>
    public const string AutoencoderFile = "autoencoder.auscult";

    /// <summary>The classifier's bundle in the output folder.</summary>
    public const string ClassifierFile = "classifier.auscult";

    public static Command Create()
    {
        var data = new Option<string>("--data", "-d") { Description = "Labelled data folder (normal and anomalous clips).", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder for both models, their evaluations and report.html.", DefaultValueFactory = _ => DefaultFolder };
        var machineType = new Option<string?>("--machine-type") { Description = "Machine type; needed when the data holds several." };
        var budget = new Option<string>("--budget") { Description = "Time the classifier may spend searching its settings, with its unit: s, m or h (e.g. 90s, 10m).", DefaultValueFactory = _ => "10m" };
        var epochs = new Option<int?>("--epochs") { Description = "Override the autoencoder preset's epoch count." };
        var seed = new Option<int>("--seed") { Description = "Seed of both trainings.", DefaultValueFactory = _ => 0 };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace models and results already in the folder." };
        var command = new Command("compare", "Train the autoencoder and the supervised classifier on the same split and compare them on the same test clips.")
        {
            data, output, machineType, budget, epochs, seed, overwrite,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await RunAsync(parse.GetRequiredValue(data), parse.GetRequiredValue(output), parse.GetValue(machineType),
                CliOptions.ParseDuration(parse.GetRequiredValue(budget)), parse.GetValue(epochs), parse.GetValue(seed), parse.GetValue(overwrite),
                parse.InvocationConfiguration.Output, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static async Task RunAsync(string dataRoot, string folder, string? machineType, TimeSpan budget, int? epochs, int seed,
        bool overwrite, TextWriter output, CancellationToken cancellationToken)
    {
        string autoencoderPath = Path.Combine(folder, AutoencoderFile);
        string classifierPath = Path.Combine(folder, ClassifierFile);
        ClipCatalog catalog = DetectorWorkflow.Discover(dataRoot, machineType);
        CliOutputs.PrepareFolder(folder, overwrite);
        ClipSelection.Selection labelled = ClipSelection.SupervisedTraining(catalog, machineType, null);
        ClipSelection.Selection test = ClipSelection.SupervisedTest(catalog, labelled.MachineType, null);
        // The autoencoder learns from the normal clips of the same training part: it never sees a label or an anomaly.
        ClipSelection.Selection normals = labelled with { Clips = labelled.Clips.Where(c => c.Label == ClipLabel.Normal).ToList() };

        AutoencoderPreset preset = AutoencoderPreset.Default;
        if (epochs is int n)
        {
            preset = (preset with { Epochs = n }).Validate();
        }

        await output.WriteLineAsync("1/3 autoencoder");
        TimeSpan autoencoderTime = await DetectorWorkflow.TrainAsync(normals,
            new TrainSettings(dataRoot, autoencoderPath, preset, labelled.MachineType, null, seed, ThresholdMethod.Gamma,
                ThresholdSelector.DefaultGammaQuantile, Overwrite: true), output, cancellationToken);
        await output.WriteLineAsync("2/3 classifier");
        TimeSpan classifierTime = await DetectorWorkflow.TrainClassifierAsync(labelled, classifierPath, budget, seed, output, cancellationToken);

        await output.WriteLineAsync($"3/3 evaluate both on the same {CliOptions.Count(test.Clips.Count, "test clip")}");
        var results = new List<(DetectionEvaluation Evaluation, EvaluationSummary Summary, string Needs, string Subfolder, IReadOnlyList<Reports.ReportSection> Sections)>();
        foreach (var (path, kind) in new[] { (autoencoderPath, "autoencoder"), (classifierPath, "classifier") })
        {
            using ModelBundle bundle = ModelBundle.Load(path);
            var (evaluation, summary, sections) = await EvaluateCommand.EvaluateAsync(bundle, Path.GetFileName(path), test, null, null,
                Path.Combine(folder, kind), output, cancellationToken);
            string needs = kind == "autoencoder"
                ? $"Needs normal clips only: trained on {CliOptions.Count(normals.Clips.Count, "unlabelled normal clip")} in {CliOptions.Human(autoencoderTime)}."
                : $"Needs labelled faults: trained on {CliOptions.Count(labelled.Clips.Count, "clip")} ({labelled.Clips.Count(c => c.Label == ClipLabel.Anomaly)} anomalous) in {CliOptions.Human(classifierTime)}.";
            results.Add((evaluation, summary, needs, kind, sections!));
        }

        EvaluationFiles.WriteComparison(folder, results, TimeProvider.System);
        AtomicFile.WriteText(Path.Combine(folder, "comparison.json"), writer => CliJson.Write(writer, results.Select(r => new { r.Summary, r.Needs })));
        await output.WriteLineAsync();
        WriteTable(results, output);
        await output.WriteLineAsync($"report: {Path.Combine(folder, "report.html")}");
    }

    private static void WriteTable(IReadOnlyList<(DetectionEvaluation Evaluation, EvaluationSummary Summary, string Needs, string Subfolder, IReadOnlyList<Reports.ReportSection> Sections)> results, TextWriter output)
    {
        static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
        EvaluationSummary a = results[0].Summary, c = results[1].Summary;
        new TextTable("metric", ">autoencoder", ">classifier")
            .Add("ROC AUC", F(a.Auc), F(c.Auc))
            .Add("pAUC (FPR <= 0.1)", F(a.Pauc), F(c.Pauc))
            .Add("precision", F(a.Precision), F(c.Precision))
            .Add("recall", F(a.Recall), F(c.Recall))
            .Add("F1", F(a.F1), F(c.F1))
            .Add("accuracy", F(a.Accuracy), F(c.Accuracy))
            .Add("confusion tn/fp/fn/tp", $"{a.Confusion.Tn}/{a.Confusion.Fp}/{a.Confusion.Fn}/{a.Confusion.Tp}", $"{c.Confusion.Tn}/{c.Confusion.Fp}/{c.Confusion.Fn}/{c.Confusion.Tp}")
            .Write(output);
        foreach (var result in results)
        {
            output.WriteLine($"{result.Summary.ModelKind}: {result.Needs}");
        }
    }
}
