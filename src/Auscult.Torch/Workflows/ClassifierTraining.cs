using System.Diagnostics;
using Auscult.Data;
using Auscult.Features;
using Auscult.Torch.Bundles;
using Auscult.Torch.Classifier;

namespace Auscult.Torch.Workflows;

/// <summary>
/// Trains the supervised classifier on labelled clips, as every host does it: its features, its labels (a class per
/// named anomaly kind when the data names them), and a search of its settings within a time budget.
/// </summary>
public static class ClassifierTraining
{
    /// <summary>The classifier's input: 64-band log-mel, as measured for it (see the README).</summary>
    public static FeatureOptions Features => FeatureOptions.Mimii;

    /// <summary>Trains on <paramref name="selection"/>'s labelled clips and returns the bundle.</summary>
    /// <param name="selection">Labelled training clips (the supervised split's training part).</param>
    /// <param name="options">Budget, seed, clock.</param>
    /// <param name="progress">Receives the search's progress in seconds of the budget.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    /// <exception cref="InputException">Fewer than two anomalous clips, or a clip that cannot be read.</exception>
    public static TrainedClassifier Train(ClipSelection.Selection selection, ClassifierTrainingOptions options,
        IProgress<WorkflowProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        int anomalies = selection.Clips.Count(c => c.Label == ClipLabel.Anomaly);
        if (anomalies < 2)
        {
            throw new InputException(
                $"{selection.Root}: the supervised classifier needs labelled anomalous clips to learn from, and the training part has {anomalies}; train the autoencoder instead.");
        }

        var extractor = new ClipFeatureExtractor(Features);
        FeatureMatrix[] logMels = FeatureSet.LogMels(extractor, selection.Clips,
            WorkflowProgress.Counting(progress, "features", selection.Clips.Count), cancellationToken, options.MaxParallelism);
        var labels = SupervisedLabels.For(selection.Clips);

        var trainer = new ClassifierTrainer(new ClassifierOptions { Seed = options.Seed }, options.TimeProvider);
        int budgetSeconds = (int)Math.Ceiling(options.Budget.TotalSeconds);
        IProgress<int> search = WorkflowProgress.Counting(progress, "search", budgetSeconds);
        ClassifierModel model = trainer.TrainAuto(logMels, labels.Classes, options.Budget, labels.Names,
            progress: new ActionProgress<ClassifierProgress>(p => search.Report(Math.Min(budgetSeconds, (int)p.Elapsed.TotalSeconds))),
            cancellationToken: cancellationToken);
        try
        {
            ModelBundle bundle = ModelBundle.Create(model, Features, selection.MachineType, selection.MachineId, options.TimeProvider);
            return new TrainedClassifier(model, bundle, selection.Clips.Count, anomalies, labels.Names, stopwatch.Elapsed);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
