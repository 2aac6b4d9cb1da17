using System.CommandLine;
using Auscult.Evaluation;
using Auscult.Data;
using Auscult.Torch.Models;
using Auscult.Torch.Workflows;

namespace Auscult.Cli.Commands;

/// <summary><c>auscult train --data DIR --out MODEL</c>: learn a machine's normal sound from its normal clips.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data", "-d") { Description = "Data folder (MIMII, DCASE or normal/abnormal layout).", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Model bundle to write (e.g. fan.auscult).", Required = true };
        var preset = CliOptions.Choice("--preset",
            "Model preset: dcase2020 (128 mels x 5 frames, 100 epochs) or mimii (64 mels x 5 frames, 50 epochs).",
            AutoencoderPreset.Default, AutoencoderPreset.All.Select(p => (p.Name, p)).ToArray());
        var machineType = new Option<string?>("--machine-type") { Description = "Machine type to train on; needed when the data holds several." };
        var machineId = new Option<string?>("--machine-id") { Description = "Train on one machine id or section only (default: all of the type)." };
        var epochs = new Option<int?>("--epochs") { Description = "Override the preset's epoch count." };
        var seed = new Option<int>("--seed") { Description = "Seed for weights and shuffling: the same data and seed give the same model.", DefaultValueFactory = _ => 0 };
        var thresholdMethod = CliOptions.Choice("--threshold-method",
            "How the default threshold is fitted on the training scores: gamma (DCASE 2022+), percentile or fixed.",
            ThresholdMethod.Gamma, ThresholdMethodNames.All.Where(m => m.Method is ThresholdMethod.Gamma or ThresholdMethod.Percentile or ThresholdMethod.Fixed).ToArray());
        var thresholdParameter = new Option<double?>("--threshold-parameter")
        {
            Description = "The gamma quantile (default 0.9), the percentile (default 90) or the fixed threshold.",
        };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing model file." };
        var kind = CliOptions.Choice("--model",
            "autoencoder: learns normal sound from normal clips only (no faults needed); classifier: a spectrogram CNN trained on labelled normal and anomalous clips, which chooses its own settings.",
            "autoencoder", ("autoencoder", "autoencoder"), ("classifier", "classifier"));
        var budget = new Option<string>("--budget")
        {
            Description = "Time the classifier may spend searching its settings, with its unit: s, m or h (e.g. 90s, 10m).",
            DefaultValueFactory = _ => "10m",
        };
        var command = new Command("train", "Train a model: by default an autoencoder on normal clips, whose reconstruction error is the anomaly score.")
        {
            data, output, kind, preset, machineType, machineId, epochs, seed, thresholdMethod, thresholdParameter, budget, overwrite,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            bool classifier = parse.GetValue(kind) == "classifier";
            // Settings of the other model would be ignored silently: refuse them, before any work.
            CliOptions.RefuseUnless(parse, !classifier, "to the classifier, which chooses its own settings within --budget",
                preset, epochs, thresholdMethod, thresholdParameter);
            CliOptions.RefuseUnless(parse, classifier, "to the autoencoder; it belongs to --model classifier", budget);
            CliOptions.RefuseUnless(parse, CliOptions.Given(parse, thresholdMethod), "without --threshold-method", thresholdParameter);
            string dataRoot = parse.GetRequiredValue(data);
            string modelPath = parse.GetRequiredValue(output);
            TextWriter console = parse.InvocationConfiguration.Output;
            if (classifier)
            {
                TimeSpan searchBudget = CliOptions.ParseDuration(parse.GetRequiredValue(budget));
                CliOutputs.CheckFile(modelPath, parse.GetValue(overwrite));
                ClipSelection.Selection labelled = ClipSelection.SupervisedTraining(CliModels.Discover(dataRoot, parse.GetValue(machineType)),
                    parse.GetValue(machineType), parse.GetValue(machineId));
                await console.WriteLineAsync(
                    $"training the classifier on {CliOptions.Count(labelled.Clips.Count, "labelled clip")} of {CliModels.Describe(labelled)} ({labelled.Clips.Count(c => c.Label == ClipLabel.Anomaly)} anomalous) for up to {CliOptions.Human(searchBudget)}");
                var options = new ClassifierTrainingOptions { Budget = searchBudget, Seed = parse.GetValue(seed) };
                using TrainedClassifier trainedClassifier = await ProgressDisplay.For(console).RunStepsAsync(
                    progress => ClassifierTraining.Train(labelled, options, progress, cancellationToken), cancellationToken);
                trainedClassifier.Bundle.Save(modelPath, cancellationToken);
                CliModels.WriteTrained(trainedClassifier, modelPath, console);
                return ExitCodes.Success;
            }

            AutoencoderPreset chosen = parse.GetRequiredValue(preset);
            if (parse.GetValue(epochs) is int n)
            {
                chosen = (chosen with { Epochs = n }).Validate();
            }

            ThresholdMethod method = parse.GetValue(thresholdMethod);
            double parameter = parse.GetValue(thresholdParameter) ?? DefaultParameter(method);
            CheckParameter(method, parameter);
            CliOutputs.CheckFile(modelPath, parse.GetValue(overwrite));
            ClipSelection.Selection normals = ClipSelection.Training(CliModels.Discover(dataRoot, parse.GetValue(machineType)),
                parse.GetValue(machineType), parse.GetValue(machineId));
            await console.WriteLineAsync($"training on {CliOptions.Count(normals.Clips.Count, "normal clip")} of {CliModels.Describe(normals)} from {normals.Root}");
            var training = new AutoencoderTrainingOptions { Preset = chosen, Seed = parse.GetValue(seed), ThresholdMethod = method, ThresholdParameter = parameter };
            using TrainedAutoencoder trained = await ProgressDisplay.For(console).RunStepsAsync(
                progress => AutoencoderTraining.Train(normals, training, progress, cancellationToken), cancellationToken);
            trained.Bundle.Save(modelPath, cancellationToken);
            CliModels.WriteTrained(trained, modelPath, console);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Checks the threshold parameter's range before training, not after it.</summary>
    internal static void CheckParameter(ThresholdMethod method, double parameter)
    {
        string? problem = method switch
        {
            _ when !double.IsFinite(parameter) => "must be a finite number",
            ThresholdMethod.Gamma when parameter is <= 0 or >= 1 => "is the gamma quantile: give a number between 0 and 1, e.g. 0.9",
            ThresholdMethod.Percentile when parameter is < 0 or > 100 => "is the percentile: give a number from 0 to 100, e.g. 90",
            _ => null,
        };
        if (problem is not null)
        {
            throw new ConfigurationException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"--threshold-parameter {parameter} {problem}."));
        }
    }

    internal static double DefaultParameter(ThresholdMethod method) => method switch
    {
        ThresholdMethod.Gamma => ThresholdSelector.DefaultGammaQuantile,
        ThresholdMethod.Percentile => 90,
        _ => throw new ConfigurationException("--threshold-method fixed needs --threshold-parameter (the threshold value)."),
    };
}
