using System.Diagnostics;
using System.Globalization;
using Auscult.Data;
using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Health;
using Auscult.Torch.Bundles;
using Auscult.Torch.Classifier;
using Auscult.Torch.Scoring;
using Auscult.Torch.Detection;
using Auscult.Torch.Models;
using Auscult.Torch.Training;

namespace Auscult.Cli;

/// <summary>What <c>train</c> is asked to do.</summary>
internal sealed record TrainSettings(
    string DataRoot,
    string ModelPath,
    AutoencoderPreset Preset,
    string? MachineType,
    string? MachineId,
    int Seed,
    ThresholdMethod ThresholdMethod,
    double ThresholdParameter,
    bool Overwrite);

/// <summary>
/// The train and evaluate workflows as the CLI runs them (shared by <c>train</c>, <c>evaluate</c> and <c>demo</c>):
/// library steps in order, each behind a progress display, with a summary line per step.
/// </summary>
internal static class DetectorWorkflow
{
    public static async Task<TimeSpan> TrainAsync(TrainSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        if (File.Exists(settings.ModelPath) && !settings.Overwrite)
        {
            throw new InputException($"{settings.ModelPath}: already exists; pass --overwrite to replace it.");
        }

        ClipSelection.Selection selection = ClipSelection.Training(Discover(settings.DataRoot, settings.MachineType), settings.MachineType, settings.MachineId);
        return await TrainAsync(selection, settings, output, cancellationToken);
    }

    /// <summary>Trains the autoencoder on the given normal clips.</summary>
    public static async Task<TimeSpan> TrainAsync(ClipSelection.Selection selection, TrainSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var display = ProgressDisplay.For(output);
        await output.WriteLineAsync($"training on {CliOptions.Count(selection.Clips.Count, "normal clip")} of {Describe(selection)} from {selection.Root}");

        var extractor = new ClipFeatureExtractor(settings.Preset.Features);
        var input = new InputReferenceAccumulator();
        FeatureMatrix[] logMels = await display.RunAsync("features", selection.Clips.Count, progress =>
            Task.Run(() => FeatureSet.LogMels(extractor, selection.Clips, input, progress, cancellationToken), cancellationToken));
        // A clip shorter than one context vector gives the model nothing; say which before the epochs, not after.
        EnsureLongEnough(selection.Clips.Select(c => c.Path).ToList(), logMels, settings.Preset.Features.ContextFrames, settings.Preset.Features);

        var trainer = new AutoencoderTrainer(settings.Preset, settings.Seed);
        using TrainingResult trained = await display.RunAsync($"training {settings.Preset.Name}", settings.Preset.Epochs, progress =>
            Task.Run(() => trainer.Train(logMels, new Progress<TrainingProgress>(p => progress.Report(p.Epoch)), cancellationToken), cancellationToken));
        TrainingProgress last = trained.History[^1];
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"trained {CliOptions.Count(last.Epoch, "epoch")} on {CliOptions.Count(trained.VectorCount, "vector")} in {CliOptions.Human(trained.Elapsed)}: loss {last.TrainLoss:0.###}{(last.ValidationLoss is double v ? $", validation loss {v:0.###}" : "")}{(trained.KeptEpoch < last.Epoch ? $"; kept epoch {trained.KeptEpoch} (lowest validation loss)" : "")}"));

        // The threshold is fitted on cross-fitted scores: each training clip scored by a model that did not train on it.
        UnseenScores? unseen = null;
        if (logMels.Length >= 2)
        {
            var crossFitter = new CrossFitter(settings.Preset, settings.Seed);
            int folds = crossFitter.AssignFolds(logMels.Length).Max() + 1;
            unseen = await display.RunAsync("cross-fitting the threshold", folds, progress =>
                Task.Run(() => crossFitter.Score(logMels, cancellationToken), cancellationToken));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"scored {unseen.Scores.Count} training clips with {unseen.FoldsTrained} of {unseen.Folds} fold models that did not train on them ({unseen.Elapsed.TotalSeconds:0.0} s)"));
        }

        using ModelBundle bundle = AutoencoderDetector.CreateBundle(trained, logMels, selection, settings.ThresholdMethod, settings.ThresholdParameter,
            unseenScores: unseen, input: input.ToReference());
        bundle.Save(settings.ModelPath, cancellationToken);
        ThresholdSpec threshold = bundle.Manifest.Threshold!;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"threshold {threshold.Value:0.####} ({DescribeThreshold(threshold)}); model saved to {settings.ModelPath} ({CliOptions.Human(stopwatch.Elapsed)} in all)"));
        return stopwatch.Elapsed;
    }

    /// <summary>
    /// Trains the supervised classifier on the labelled training clips (80% of each label, see
    /// <see cref="ClipSelection.SupervisedTraining"/>): it searches its own architecture, resolution and learning rate
    /// within <paramref name="budget"/> and keeps the best by validation F1.
    /// </summary>
    public static async Task<TimeSpan> TrainClassifierAsync(string dataRoot, string modelPath, string? machineType, string? machineId,
        TimeSpan budget, int seed, bool overwrite, TextWriter output, CancellationToken cancellationToken)
    {
        if (File.Exists(modelPath) && !overwrite)
        {
            throw new InputException($"{modelPath}: already exists; pass --overwrite to replace it.");
        }

        ClipSelection.Selection selection = ClipSelection.SupervisedTraining(Discover(dataRoot, machineType), machineType, machineId);
        return await TrainClassifierAsync(selection, modelPath, budget, seed, output, cancellationToken);
    }

    /// <summary>Trains the classifier on the given labelled clips.</summary>
    public static async Task<TimeSpan> TrainClassifierAsync(ClipSelection.Selection selection, string modelPath, TimeSpan budget, int seed,
        TextWriter output, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var display = ProgressDisplay.For(output);
        int anomalies = selection.Clips.Count(c => c.Label == ClipLabel.Anomaly);
        if (anomalies < 2)
        {
            throw new InputException(
                $"{selection.Root}: the supervised classifier needs labelled anomalous clips to learn from, and the training part has {anomalies}; train the autoencoder (--model autoencoder, the default) instead.");
        }

        await output.WriteLineAsync($"training the classifier on {CliOptions.Count(selection.Clips.Count, "labelled clip")} of {Describe(selection)} ({anomalies} anomalous) for up to {CliOptions.Human(budget)}");
        FeatureOptions features = ClassifierFeatures;
        var extractor = new ClipFeatureExtractor(features);
        var input = new InputReferenceAccumulator();
        FeatureMatrix[] logMels = await display.RunAsync("features", selection.Clips.Count, progress =>
            Task.Run(() => FeatureSet.LogMels(extractor, selection.Clips, input, progress, cancellationToken), cancellationToken));
        var labels = SupervisedLabels.For(selection.Clips);
        if (labels.IsMultiClass)
        {
            await output.WriteLineAsync($"classes: {string.Join(", ", labels.Names)} (the data names each anomaly's kind)");
        }

        var trainer = new ClassifierTrainer(new ClassifierOptions { Seed = seed });
        int budgetSeconds = (int)Math.Ceiling(budget.TotalSeconds);
        using ClassifierModel model = await display.RunAsync("search", budgetSeconds, progress =>
            Task.Run(() => trainer.TrainAuto(logMels, labels.Classes, budget, labels.Names,
                progress: new Progress<ClassifierProgress>(p => progress.Report(Math.Min(budgetSeconds, (int)p.Elapsed.TotalSeconds))),
                cancellationToken: cancellationToken), cancellationToken));
        using ModelBundle bundle = ModelBundle.Create(model, features, selection.MachineType, selection.MachineId, trainingLogMels: logMels, input: input.ToReference());
        bundle.Save(modelPath, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"kept {model.Config.Name}; threshold {model.Threshold.Value:0.###} (max F1 on validation clips); model saved to {modelPath} ({CliOptions.Human(stopwatch.Elapsed)} in all)"));
        return stopwatch.Elapsed;
    }

    /// <summary>The classifier's input: 64-band log-mel, as measured for it (see README).</summary>
    public static FeatureOptions ClassifierFeatures => FeatureOptions.Mimii;

    /// <summary>Scores catalogued clips with a bundle's model, computing features exactly as the model was trained.</summary>
    public static async Task<double[]> ScoreAsync(ModelBundle bundle, IReadOnlyList<CatalogEntry> clips, TextWriter output,
        CancellationToken cancellationToken)
    {
        var extractor = new ClipFeatureExtractor(bundle.Manifest.Features);
        bundle.EnsureCompatible(extractor.Options);
        var display = ProgressDisplay.For(output);
        FeatureMatrix[] logMels = await display.RunAsync("features", clips.Count, progress =>
            Task.Run(() => FeatureSet.LogMels(extractor, clips, progress, cancellationToken), cancellationToken));
        EnsureLongEnough(clips.Select(c => c.Path).ToList(), logMels, MinimumFrames(bundle), bundle.Manifest.Features);
        using var scorer = bundle.CreateScorer();
        return await display.RunAsync("scoring", clips.Count, progress =>
            Task.Run(() => scorer.ScoreAll(logMels, progress, cancellationToken), cancellationToken));
    }

    /// <summary>Loads a detector over the bundle at <paramref name="path"/>, with <see cref="LoadBundle"/>'s plain messages.</summary>
    public static Detector LoadDetector(string path)
    {
        var bundle = LoadBundle(path);
        try
        {
            return new Detector(bundle, ownsBundle: true);
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

    /// <summary>The fewest frames a clip needs for the bundle's model (the Detector's rule).</summary>
    public static int MinimumFrames(ModelBundle bundle) => Detector.MinimumFramesOf(bundle);

    /// <summary>The clips shorter than <paramref name="minimumFrames"/>, each as a failure naming the file.</summary>
    public static List<ClipFailure> TooShort(IReadOnlyList<string> paths, IReadOnlyList<FeatureMatrix?> logMels, int minimumFrames, FeatureOptions features)
    {
        var failures = new List<ClipFailure>();
        for (int i = 0; i < paths.Count; i++)
        {
            if (logMels[i] is { } logMel && logMel.Rows < minimumFrames)
            {
                double seconds = (double)minimumFrames * features.HopLength / features.SampleRate;
                failures.Add(new ClipFailure(paths[i], string.Create(CultureInfo.InvariantCulture,
                    $"{paths[i]}: too short: {CliOptions.Count(logMel.Rows, "frame")}; the model needs at least {minimumFrames} (about {seconds:0.##} s of audio).")));
            }
        }

        return failures;
    }

    private static void EnsureLongEnough(IReadOnlyList<string> paths, IReadOnlyList<FeatureMatrix> logMels, int minimumFrames, FeatureOptions features)
    {
        List<ClipFailure> failures = TooShort(paths, logMels, minimumFrames, features);
        if (failures.Count > 0)
        {
            const int Shown = 5;
            string list = string.Join(Environment.NewLine, failures.Take(Shown).Select(f => "  " + f.Message));
            string more = failures.Count > Shown ? $"{Environment.NewLine}  ... and {failures.Count - Shown} more" : "";
            throw new InputException($"{failures.Count} of {CliOptions.Count(paths.Count, "clip")} cannot be used:{Environment.NewLine}{list}{more}");
        }
    }

    public static string Describe(ClipSelection.Selection selection) =>
        selection.MachineId is null ? $"'{selection.MachineType}'" : $"'{selection.MachineType}' {selection.MachineId}";

    public static string DescribeThreshold(ThresholdSpec threshold) => threshold.Method switch
    {
        ThresholdMethod.Gamma => string.Create(CultureInfo.InvariantCulture,
            $"gamma fit to {ScoresFittedOn(threshold)}, {threshold.Parameters.GetValueOrDefault("quantile", ThresholdSelector.DefaultGammaQuantile):0.##} quantile{ExpectedFalseAlarms(threshold)}"),
        ThresholdMethod.Percentile => string.Create(CultureInfo.InvariantCulture,
            $"{threshold.Parameters.GetValueOrDefault("percentile", 90):0.#}th percentile of {ScoresFittedOn(threshold)}{ExpectedFalseAlarms(threshold)}"),
        ThresholdMethod.Fixed => $"fixed{ExpectedFalseAlarms(threshold)}",
        _ => ThresholdMethodNames.Of(threshold.Method),
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
