using System.CommandLine;
using Auscult.Data;
using Auscult.Evaluation;
using Auscult.Torch.Bundles;

namespace Auscult.Cli.Commands;

/// <summary><c>auscult evaluate --model MODEL --data DIR</c>: AUC, pAUC and the decision figures on labelled test clips.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Model bundle from 'auscult train'.", Required = true };
        var data = new Option<string>("--data", "-d") { Description = "Data folder; its test clips are chosen by the same rule train used.", Required = true };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for metrics.json, scores.csv, threshold_sweep.csv, DCASE CSVs and report.html." };
        var format = CliOptions.Format(OutputFormat.Table, OutputFormat.Json);
        var machineType = new Option<string?>("--machine-type") { Description = "Machine type to evaluate (default: the one the model was trained on)." };
        var machineId = new Option<string?>("--machine-id") { Description = "Evaluate one machine id or section only." };
        var thresholdMethod = CliOptions.Choice<ThresholdMethod?>("--threshold-method",
            "Replace the model's threshold: equal-errors (false positives = false negatives, as the AWS sample), max-f1 or youden chosen on these labelled clips (optimistic: they are also the test clips), or fixed with --threshold-parameter.",
            null, ThresholdMethodNames.All.Where(m => m.Method is not (ThresholdMethod.Gamma or ThresholdMethod.Percentile))
                .Select(m => (m.Name, (ThresholdMethod?)m.Method)).ToArray());
        var thresholdParameter = new Option<double?>("--threshold-parameter") { Description = "The threshold value for --threshold-method fixed." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Write into an --out folder that already holds files, replacing them." };
        var anyMachineType = new Option<bool>("--any-machine-type")
        {
            Description = "Evaluate on another machine type than the model was trained on (its figures then mean little).",
        };
        var command = new Command("evaluate", "Evaluate a model on labelled test clips: ROC AUC, pAUC, precision, recall, F1, accuracy, confusion matrix.")
        {
            model, data, output, format, machineType, machineId, thresholdMethod, thresholdParameter, overwrite, anyMachineType,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            CliOptions.RefuseUnless(parse, parse.GetValue(thresholdMethod) == ThresholdMethod.Fixed, "without --threshold-method fixed", thresholdParameter);
            CliOptions.RefuseUnless(parse, parse.GetValue(output) is not null, "without --out", overwrite);
            var request = new EvaluateRequest(parse.GetRequiredValue(model), parse.GetRequiredValue(data), parse.GetValue(output),
                parse.GetValue(machineType), parse.GetValue(machineId), parse.GetValue(thresholdMethod), parse.GetValue(thresholdParameter),
                parse.GetValue(overwrite), parse.GetValue(anyMachineType));
            bool json = parse.GetValue(format) == OutputFormat.Json;
            // Progress goes to the error stream when the result is JSON, so the JSON stays parseable.
            TextWriter progress = json ? parse.InvocationConfiguration.Error : parse.InvocationConfiguration.Output;
            EvaluationSummary summary = await RunAsync(request, progress, cancellationToken);
            if (json)
            {
                CliJson.Write(parse.InvocationConfiguration.Output, summary);
            }
            else
            {
                summary.WriteTable(parse.InvocationConfiguration.Output);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal sealed record EvaluateRequest(string ModelPath, string DataRoot, string? OutputFolder, string? MachineType, string? MachineId,
        ThresholdMethod? ThresholdMethod, double? ThresholdParameter, bool Overwrite = false, bool AnyMachineType = false);

    internal static async Task<EvaluationSummary> RunAsync(EvaluateRequest request, TextWriter progress, CancellationToken cancellationToken)
    {
        using ModelBundle bundle = DetectorWorkflow.LoadBundle(request.ModelPath);
        ClipCatalog catalog = ClipCatalog.Discover(request.DataRoot);
        string? trained = bundle.Manifest.TrainingData.MachineType;
        string? type = request.MachineType ?? (catalog.MachineTypes.Contains(trained ?? "", StringComparer.Ordinal) ? trained : null);
        // A model scores other machines' clips without complaint; the figures would look real and mean nothing. Only
        // named machine types are compared: a plain normal/abnormal layout's "type" is just its folder's name.
        bool Differs(string other) => trained is not null && MachineTypes.Known.Contains(trained) && MachineTypes.Known.Contains(other)
            && !string.Equals(other, trained, StringComparison.OrdinalIgnoreCase);
        if (!request.AnyMachineType && type is null && catalog.MachineTypes.Any(Differs))
        {
            throw new InputException(
                $"{request.DataRoot}: holds no '{trained}' clips, the machine type the model was trained on (found: {string.Join(", ", catalog.MachineTypes)}); pass --any-machine-type (and --machine-type T) to evaluate it on another type anyway.");
        }

        if (!request.AnyMachineType && type is not null && Differs(type))
        {
            throw new InputException(
                $"--machine-type {type}: the model was trained on '{trained}'; pass --any-machine-type to evaluate it on '{type}' anyway.");
        }

        if (type is null && catalog.MachineTypes.Count > 1)
        {
            throw new InputException(
                $"{request.DataRoot}: the data holds several machine types ({string.Join(", ", catalog.MachineTypes)}); choose one with --machine-type.");
        }

        if (request.OutputFolder is not null)
        {
            CliOutputs.PrepareFolder(request.OutputFolder, request.Overwrite);
        }

        // Each kind is tested on the clips it never trained on: the layout's split for the autoencoder, the supervised
        // split (20% of each label) for the classifier.
        ClipSelection.Selection selection = bundle.Kind == ModelKind.Classifier
            ? ClipSelection.SupervisedTest(catalog, type, request.MachineId)
            : ClipSelection.Test(catalog, type, request.MachineId);
        var (_, summary, _) = await EvaluateAsync(bundle, Path.GetFileName(request.ModelPath), selection, request.ThresholdMethod,
            request.ThresholdParameter, request.OutputFolder, progress, cancellationToken);
        return summary;
    }

    /// <summary>Scores the selected labelled clips with a bundle and evaluates them; writes the files when a folder is given.</summary>
    /// <returns>The evaluation, its summary, and the report's sections when files were written (null otherwise).</returns>
    internal static async Task<(DetectionEvaluation Evaluation, EvaluationSummary Summary, IReadOnlyList<Reports.ReportSection>? Sections)> EvaluateAsync(ModelBundle bundle, string modelName,
        ClipSelection.Selection selection, ThresholdMethod? thresholdMethod, double? thresholdParameter, string? outputFolder,
        TextWriter progress, CancellationToken cancellationToken)
    {
        double[] scores = await DetectorWorkflow.ScoreAsync(bundle, selection.Clips, progress, cancellationToken);
        var scored = selection.Clips.Select((clip, i) => new ScoredClip(clip, scores[i])).ToList();

        ThresholdSpec threshold = bundle.Manifest.Threshold
            ?? throw new ModelException($"{modelName}: the model has no threshold; choose one with --threshold-method.");
        string method = ThresholdMethodNames.Of(threshold.Method);
        double value = threshold.Value;
        if (thresholdMethod is ThresholdMethod chosen)
        {
            bool[] labels = scored.Select(c => c.Clip.Label == ClipLabel.Anomaly).ToArray();
            double parameter = thresholdParameter ?? (chosen == ThresholdMethod.Fixed
                ? throw new ConfigurationException("--threshold-method fixed needs --threshold-parameter (the threshold value).")
                : 0);
            ThresholdChoice choice = ThresholdSelector.Select(chosen, parameter, [], labels, scores);
            (method, value) = (ThresholdMethodNames.Of(choice.Method), choice.Threshold);
        }

        var evaluation = DetectionEvaluation.Compute(scored, value);
        var summary = EvaluationSummary.Of(evaluation, modelName, bundle.Kind.ToString().ToLowerInvariant(), selection.MachineType, method);
        IReadOnlyList<Reports.ReportSection>? sections = outputFolder is null
            ? null
            : EvaluationFiles.Write(outputFolder, evaluation, summary, Training(bundle), TimeProvider.System);
        return (evaluation, summary, sections);
    }

    /// <summary>
    /// The classifier's search as the report shows it: every configuration tried, and the kept one's loss and validation
    /// F1 per epoch with its kept epoch marked (the best validation F1, which need not be the lowest validation loss).
    /// </summary>
    private static EvaluationFiles.ModelTraining? Training(ModelBundle bundle)
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

        var rows = trials.Select((t, i) => new Reports.TrialRow(t.Config.Name, t.ValidationF1, t.ValidationLoss, t.BestEpoch, t.Epochs, t.Seconds,
            t.StoppedBy, i == keptIndex)).ToList();
        var kept = keptIndex < 0 ? null : trials[keptIndex];
        ScottPlot.Plot? curves = null;
        if (kept?.TrainLosses is { Count: > 0 } losses)
        {
            // Bundles from before ValidationF1s have no F1 per epoch; their kept epoch is still marked.
            int? keptEpoch = kept.BestEpoch <= losses.Count ? kept.BestEpoch : null;
            curves = Reports.EvaluationPlots.TrainingCurves(losses, kept.ValidationLosses, $"Training curves: {model.Config.Name}",
                validationF1: kept.ValidationF1s, keptEpoch: keptEpoch);
        }

        return new EvaluationFiles.ModelTraining(model.Config.Name, curves, rows);
    }
}
