using System.CommandLine;
using Auscult.Data;
using Auscult.Evaluation;
using Auscult.Torch.Bundles;
using Auscult.Torch.Detection;
using Auscult.Torch.Workflows;

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
                SummaryTable.Write(summary, parse.InvocationConfiguration.Output);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal sealed record EvaluateRequest(string ModelPath, string DataRoot, string? OutputFolder, string? MachineType, string? MachineId,
        ThresholdMethod? ThresholdMethod, double? ThresholdParameter, bool Overwrite = false, bool AnyMachineType = false);

    internal static async Task<EvaluationSummary> RunAsync(EvaluateRequest request, TextWriter progress, CancellationToken cancellationToken)
    {
        using Detector detector = CliModels.LoadDetector(request.ModelPath);
        ModelBundle bundle = detector.Bundle;
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

        ThresholdOverride? threshold = request.ThresholdMethod is ThresholdMethod method
            ? new ThresholdOverride(method, request.ThresholdParameter ?? (method == ThresholdMethod.Fixed
                ? throw new ConfigurationException("--threshold-method fixed needs --threshold-parameter (the threshold value).")
                : 0))
            : null;
        if (request.OutputFolder is not null)
        {
            CliOutputs.PrepareFolder(request.OutputFolder, request.Overwrite);
        }

        ClipSelection.Selection test = ModelEvaluation.TestClips(bundle.Kind, catalog, type, request.MachineId);
        string name = Path.GetFileName(request.ModelPath);
        EvaluatedModel evaluated = await ProgressDisplay.For(progress).RunStepsAsync(
            p => ModelEvaluation.Evaluate(detector, name, test, threshold, p, cancellationToken), cancellationToken);
        EvaluationFiles.WriteUnfit(evaluated, progress);
        if (request.OutputFolder is not null)
        {
            EvaluationFiles.Write(request.OutputFolder, evaluated, test, EvaluationFiles.TrainingOf(bundle), TimeProvider.System);
        }

        return evaluated.Summary;
    }
}
