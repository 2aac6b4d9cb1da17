using Auscult.Data;
using Auscult.Evaluation;
using Auscult.Torch.Bundles;
using Auscult.Torch.Detection;

namespace Auscult.Torch.Workflows;

/// <summary>
/// Evaluates a model on labelled test clips through the one decision path (<see cref="Detector"/>): each clip's input
/// health, features and score exactly as a service would decide it, then the figures over the clips.
/// </summary>
public static class ModelEvaluation
{
    /// <summary>
    /// The clips a model of <paramref name="kind"/> is tested on, which it never trained on: the layout's test split for
    /// the autoencoder; the supervised split's held-out part (20% of each label) for the classifier.
    /// </summary>
    public static ClipSelection.Selection TestClips(ModelKind kind, ClipCatalog catalog, string? machineType, string? machineId) =>
        kind == ModelKind.Classifier
            ? ClipSelection.SupervisedTest(catalog, machineType, machineId)
            : ClipSelection.Test(catalog, machineType, machineId);

    /// <summary>Decides every test clip with <paramref name="detector"/> and evaluates the scores against the labels.</summary>
    /// <param name="detector">The model.</param>
    /// <param name="modelName">What the summary calls it (e.g. the file name).</param>
    /// <param name="test">Labelled test clips.</param>
    /// <param name="threshold">A threshold chosen on these clips instead of the model's; null keeps the model's.</param>
    /// <param name="progress">Receives the scoring's progress.</param>
    /// <param name="cancellationToken">Stops the scoring between clips.</param>
    /// <param name="maxParallelism">Clips decided at once; null means one per core.</param>
    /// <exception cref="InputException">A clip cannot be read or is unlabelled, or the judged clips lack a class.</exception>
    public static EvaluatedModel Evaluate(Detector detector, string modelName, ClipSelection.Selection test, ThresholdOverride? threshold = null,
        IProgress<WorkflowProgress>? progress = null, CancellationToken cancellationToken = default, int? maxParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(test);
        var clips = test.Clips;
        var (decisions, failures) = ParallelClips.Map(clips.Select(c => c.Path).ToList(), detector.Decide,
            WorkflowProgress.Counting(progress, $"scoring {modelName}", clips.Count), cancellationToken, maxParallelism);
        if (failures.Count > 0)
        {
            throw ClipFailure.Batch(failures.Select(f => f.Message).ToList(), clips.Count, "test clips");
        }

        var scored = new List<ScoredClip>(clips.Count);
        var unfit = new List<ClipDecision>();
        for (int i = 0; i < clips.Count; i++)
        {
            ClipDecision decision = decisions[i]!;
            if (decision.Score is double score)
            {
                scored.Add(ScoredClip.Of(clips[i], score));
            }
            else
            {
                unfit.Add(decision);
            }
        }

        if (scored.Count == 0)
        {
            throw new InputException(
                $"{test.Root}: none of the {clips.Count} test clips could be judged; the first: {unfit[0].Source}: {unfit[0].UnfitReason}.");
        }

        (string method, double value) = (ThresholdMethodNames.Of(detector.Threshold.Method), detector.Threshold.Value);
        if (threshold is not null)
        {
            bool[] labels = scored.Select(c => c.IsAnomaly).ToArray();
            double[] scores = scored.Select(c => c.Score).ToArray();
            ThresholdChoice choice = ThresholdSelector.Select(threshold.Method, threshold.Parameter, [], labels, scores);
            (method, value) = (ThresholdMethodNames.Of(choice.Method), choice.Threshold);
        }

        var evaluation = DetectionEvaluation.Compute(scored, value);
        var summary = EvaluationSummary.Of(evaluation, modelName, detector.Bundle.Kind.ToString().ToLowerInvariant(), test.MachineType, method,
            unfit.Select(u => $"{u.Source}: {u.UnfitReason}").ToList());
        return new EvaluatedModel(evaluation, summary, unfit);
    }
}
