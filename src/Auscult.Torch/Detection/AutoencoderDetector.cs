using Auscult.Data;
using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Torch.Bundles;
using Auscult.Torch.Models;
using Auscult.Torch.Scoring;
using Auscult.Torch.Training;

namespace Auscult.Torch.Detection;

/// <summary>
/// The unsupervised detector's steps after training: score clips, fit the decision threshold on the training clips'
/// scores, and package everything a scorer needs into a <see cref="ModelBundle"/>.
/// </summary>
public static class AutoencoderDetector
{
    /// <summary>The anomaly score (mean squared reconstruction error) of each clip, in order.</summary>
    public static double[] Score(AutoencoderModel model, IReadOnlyList<FeatureMatrix> logMels, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scorer = new AutoencoderScorer(model);
        return scorer.ScoreAll(logMels, progress, cancellationToken);
    }

    /// <summary>
    /// Builds the bundle of a trained model: scores its training clips, fits the threshold on those scores with
    /// <paramref name="thresholdMethod"/> (gamma, percentile or fixed; the others need labelled clips) and records the
    /// training data and score distribution.
    /// </summary>
    /// <param name="trained">The training result; the bundle uses its model without owning it.</param>
    /// <param name="trainingLogMels">The training clips' log-mel matrices, as trained on.</param>
    /// <param name="selection">Which clips trained the model.</param>
    /// <param name="thresholdMethod">How the default threshold is chosen.</param>
    /// <param name="thresholdParameter">The gamma quantile (0.9), the percentile (90), or the fixed value.</param>
    /// <param name="timeProvider">Clock for the manifest's creation time.</param>
    public static ModelBundle CreateBundle(TrainingResult trained, IReadOnlyList<FeatureMatrix> trainingLogMels,
        ClipSelection.Selection selection, ThresholdMethod thresholdMethod = ThresholdMethod.Gamma,
        double thresholdParameter = ThresholdSelector.DefaultGammaQuantile, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(selection);
        if (thresholdMethod is not (ThresholdMethod.Gamma or ThresholdMethod.Percentile or ThresholdMethod.Fixed))
        {
            throw new ModelException(
                $"The threshold method {thresholdMethod} needs labelled clips, so it can be chosen only when evaluating; training fits gamma, percentile or fixed.");
        }

        double[] scores = Score(trained.Model, trainingLogMels);
        ThresholdChoice choice = ThresholdSelector.Select(thresholdMethod, thresholdParameter, scores);
        var summary = new TrainingDataSummary(trained.ClipCount, trained.VectorCount, selection.MachineType, selection.MachineId,
            ScoreDistribution.FromScores(scores));
        return ModelBundle.Create(trained.Model, summary, ToSpec(choice), timeProvider);
    }

    /// <summary>The manifest form of a threshold choice.</summary>
    public static ThresholdSpec ToSpec(ThresholdChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        return new ThresholdSpec(choice.Threshold, ThresholdMethodNames.Of(choice.Method), choice.Parameters);
    }
}
