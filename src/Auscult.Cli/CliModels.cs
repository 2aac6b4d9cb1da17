using System.Globalization;
using Auscult.Data;
using Auscult.Evaluation;
using Auscult.Torch.Bundles;
using Auscult.Torch.Detection;
using Auscult.Torch.Workflows;

namespace Auscult.Cli;

/// <summary>
/// What the commands share about models and data: loading a model file with plain messages, discovering a data folder,
/// and describing a training in a line a person reads. The workflows themselves are library calls
/// (<see cref="AutoencoderTraining"/>, <see cref="ClassifierTraining"/>, <see cref="ModelEvaluation"/>).
/// </summary>
internal static class CliModels
{
    /// <summary>Loads a detector over the bundle at <paramref name="path"/>, with <see cref="LoadBundle"/>'s plain messages.</summary>
    public static Detector LoadDetector(string path)
    {
        var bundle = LoadBundle(path);
        try
        {
            return new Detector(bundle, Detector.IdentityOf(path), ownsBundle: true);
        }
        catch
        {
            bundle.Dispose();
            throw;
        }
    }

    /// <summary>Loads a model bundle; a file that is not one at all (not a zip archive) gets a plain message.</summary>
    public static ModelBundle LoadBundle(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ModelException($"{path}: is a folder; --model names a model bundle file (from 'auscult train').");
        }

        try
        {
            return ModelBundle.Load(path);
        }
        catch (Exception e) when (e is InvalidDataException || e.InnerException is InvalidDataException)
        {
            // Not a zip archive at all: .NET's words ("End of Central Directory record could not be found") tell a user nothing.
            throw new ModelException($"{path}: not a model bundle (or a damaged one); models come from 'auscult train'.", e);
        }
    }

    /// <summary>Discovers a data folder; several machine types and no <c>--machine-type</c> are refused with the flag to use.</summary>
    public static ClipCatalog Discover(string dataRoot, string? machineType)
    {
        ClipCatalog catalog = ClipCatalog.Discover(dataRoot);
        if (machineType is null && catalog.MachineTypes.Count > 1)
        {
            throw new InputException(
                $"{dataRoot}: the data holds several machine types ({string.Join(", ", catalog.MachineTypes)}); choose one with --machine-type.");
        }

        return catalog;
    }

    public static string Describe(ClipSelection.Selection selection) =>
        selection.MachineId is null ? $"'{selection.MachineType}'" : $"'{selection.MachineType}' {selection.MachineId}";

    /// <summary>The lines <c>train</c> prints about a trained autoencoder, after its progress.</summary>
    public static void WriteTrained(TrainedAutoencoder trained, string modelPath, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained {CliOptions.Count(trained.Epochs, "epoch")} on {CliOptions.Count(trained.VectorCount, "vector")} in {CliOptions.Human(trained.TrainingTime)}: loss {trained.TrainLoss:0.###}{(trained.ValidationLoss is double v ? $", validation loss {v:0.###}" : "")}{(trained.KeptEpoch < trained.Epochs ? $"; kept epoch {trained.KeptEpoch} (lowest validation loss)" : "")}"));
        if (trained.Unseen is { } unseen)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scored {unseen.Scores.Count} training clips with {unseen.FoldsTrained} of {unseen.Folds} fold models that did not train on them ({unseen.Elapsed.TotalSeconds:0.0} s)"));
        }

        ThresholdSpec threshold = trained.Bundle.Manifest.Threshold!;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"threshold {threshold.Value:0.####} ({DescribeThreshold(threshold)}); model saved to {modelPath} ({CliOptions.Human(trained.Elapsed)} in all)"));
    }

    /// <summary>The line <c>train --model classifier</c> prints about a trained classifier.</summary>
    public static void WriteTrained(TrainedClassifier trained, string modelPath, TextWriter output)
    {
        if (trained.ClassNames.Count > 2)
        {
            output.WriteLine($"classes: {string.Join(", ", trained.ClassNames)} (the data names each anomaly's kind)");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kept {trained.Model.Config.Name}; threshold {trained.Model.Threshold.Value:0.###} (max F1 on validation clips); model saved to {modelPath} ({CliOptions.Human(trained.Elapsed)} in all)"));
    }

    public static string DescribeThreshold(ThresholdSpec threshold) => threshold.Method switch
    {
        "gamma" => string.Create(CultureInfo.InvariantCulture,
            $"gamma fit to {ScoresFittedOn(threshold)}, {threshold.Parameters.GetValueOrDefault("quantile", ThresholdSelector.DefaultGammaQuantile):0.##} quantile{ExpectedFalseAlarms(threshold)}"),
        "percentile" => string.Create(CultureInfo.InvariantCulture,
            $"{threshold.Parameters.GetValueOrDefault("percentile", 90):0.#}th percentile of {ScoresFittedOn(threshold)}{ExpectedFalseAlarms(threshold)}"),
        "fixed" => $"fixed{ExpectedFalseAlarms(threshold)}",
        _ => threshold.Method,
    };

    private static string ScoresFittedOn(ThresholdSpec threshold) =>
        threshold.Parameters.TryGetValue("unseenClips", out double n)
            ? string.Create(CultureInfo.InvariantCulture, $"the scores of {n:0} training clips by models that did not train on them")
            : "the training scores";

    private static string ExpectedFalseAlarms(ThresholdSpec threshold) =>
        threshold.Parameters.TryGetValue("expectedFalseAlarmRate", out double rate)
            ? string.Create(CultureInfo.InvariantCulture, $"; expected false alarms on normal clips {rate:P0}")
            : "";
}
