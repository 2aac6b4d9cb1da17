using System.Diagnostics;
using Auscult.Data;
using Auscult.Features;
using Auscult.Health;
using Auscult.Torch.Bundles;
using Auscult.Torch.Detection;
using Auscult.Torch.Training;

namespace Auscult.Torch.Workflows;

/// <summary>
/// Trains the autoencoder on normal clips, as every host does it: features, training with a held-out part and the
/// best epoch kept, cross-fitted scores of the training clips, and a threshold fitted on them.
/// </summary>
public static class AutoencoderTraining
{
    /// <summary>Trains on <paramref name="selection"/>'s clips (all taken as normal) and returns the bundle.</summary>
    /// <param name="selection">The normal training clips.</param>
    /// <param name="options">Preset, seed and threshold.</param>
    /// <param name="progress">Receives each step's progress.</param>
    /// <param name="cancellationToken">Stops the work between clips, epochs and folds.</param>
    /// <exception cref="InputException">No clips, a clip that cannot be read, or one too short for the preset.</exception>
    public static TrainedAutoencoder Train(ClipSelection.Selection selection, AutoencoderTrainingOptions options,
        IProgress<WorkflowProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(options);
        if (selection.Clips.Count == 0)
        {
            throw new InputException($"{selection.Root}: there are no normal clips of '{selection.MachineType}' to train on.");
        }

        var stopwatch = Stopwatch.StartNew();
        var preset = options.Preset;
        var extractor = new ClipFeatureExtractor(preset.Features);
        var input = new InputReferenceAccumulator();
        FeatureMatrix[] logMels = FeatureSet.LogMels(extractor, selection.Clips, input,
            WorkflowProgress.Counting(progress, "features", selection.Clips.Count), cancellationToken, options.MaxParallelism);
        FeatureSet.EnsureLongEnough(selection.Clips, logMels, Math.Max(1, preset.Features.ContextFrames), preset.Features);

        // The drift reference: a seeded random share of the clips the model never trains on, scored by the final model
        // (how it will score new normal clips). Everything below trains on the rest.
        (FeatureMatrix[] reference, logMels) = SplitReference(logMels, options);

        var trainer = new AutoencoderTrainer(preset, options.Seed);
        IProgress<int> epochs = WorkflowProgress.Counting(progress, $"training {preset.Name}", preset.Epochs);
        TrainingResult trained = trainer.Train(logMels, new ActionProgress<TrainingProgress>(p => epochs.Report(p.Epoch)), cancellationToken);
        try
        {
            return Finish(selection, options, progress, logMels, reference, input.ToReference(), trained, stopwatch, cancellationToken);
        }
        catch
        {
            trained.Dispose();
            throw;
        }
    }

    private static TrainedAutoencoder Finish(ClipSelection.Selection selection, AutoencoderTrainingOptions options, IProgress<WorkflowProgress>? progress,
        FeatureMatrix[] logMels, FeatureMatrix[] reference, InputReference? input, TrainingResult trained, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        var preset = options.Preset;

        // The threshold is fitted on cross-fitted scores: each training clip scored by a model that did not train on it.
        UnseenScores? unseen = null;
        if (logMels.Length >= 2)
        {
            var crossFitter = new CrossFitter(preset, options.Seed);
            int folds = crossFitter.AssignFolds(logMels.Length).Max() + 1;
            IProgress<int> foldProgress = WorkflowProgress.Counting(progress, "cross-fitting the threshold", folds);
            unseen = crossFitter.Score(logMels, cancellationToken);
            foldProgress.Report(folds);
        }

        ModelBundle bundle = AutoencoderDetector.CreateBundle(trained, logMels, selection, options.ThresholdMethod, options.ThresholdParameter,
            unseenScores: unseen, input: input, referenceLogMels: reference);
        return new TrainedAutoencoder(trained, bundle, unseen, stopwatch.Elapsed) { DriftReferenceClipCount = reference.Length };
    }

    /// <summary>The held-out drift reference clips (a seeded random choice, in their original order) and the training clips.</summary>
    internal static (FeatureMatrix[] Reference, FeatureMatrix[] Training) SplitReference(FeatureMatrix[] logMels, AutoencoderTrainingOptions options)
    {
        int held = options.DriftReferenceClips(logMels.Length);
        if (held == 0)
        {
            return ([], logMels);
        }

        var order = Enumerable.Range(0, logMels.Length).ToArray();
        new Random(unchecked((options.Seed * 65537) + 0xD41F7)).Shuffle(order);
        var isHeld = new bool[logMels.Length];
        foreach (int c in order[..held])
        {
            isHeld[c] = true;
        }

        return ([.. logMels.Where((_, c) => isHeld[c])], [.. logMels.Where((_, c) => !isHeld[c])]);
    }
}
