using Auscult.Data;
using Auscult.Drift;
using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Health;
using Auscult.Torch.Bundles;
using Auscult.Torch.Models;
using Auscult.Torch.Scoring;
using Auscult.Torch.Training;

namespace Auscult.Torch.Detection;

/// <summary>
/// The unsupervised detector's steps after training: score clips, fit the decision threshold on normal clips'
/// scores (cross-fitted ones, unseen by the model that scored them, when given), and package everything a scorer
/// needs into a <see cref="ModelBundle"/>.
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
    /// Builds the bundle of a trained model: scores its training clips, fits the threshold with
    /// <paramref name="thresholdMethod"/> (gamma, percentile or fixed; the others need labelled clips) and records the
    /// training data and score distributions.
    /// </summary>
    /// <remarks>
    /// With <paramref name="unseenScores"/> (see <see cref="CrossFitter"/>) the threshold is fitted on how normal
    /// clips score under a model that did not train on them, which is how the deployed model meets new normal clips;
    /// the training clips' own scores are lower (the model has memorised them) and put the threshold too low or, when
    /// one clip stands out, too high. The threshold's parameters then carry <c>unseenClips</c>, and always
    /// <c>expectedFalseAlarmRate</c>: the share of normal clips the gamma distribution fitted to the same scores puts
    /// above the threshold (0.1 for the 0.9 gamma quantile), and <c>observedFalseAlarmRate</c>, the share of those
    /// scores above it.
    /// </remarks>
    /// <param name="trained">The training result; the bundle uses its model without owning it.</param>
    /// <param name="trainingLogMels">The training clips' log-mel matrices, as trained on.</param>
    /// <param name="selection">Which clips trained the model.</param>
    /// <param name="thresholdMethod">How the default threshold is chosen.</param>
    /// <param name="thresholdParameter">The gamma quantile (0.9), the percentile (90), or the fixed value.</param>
    /// <param name="timeProvider">Clock for the manifest's creation time.</param>
    /// <param name="unseenScores">Cross-fitted scores of the training clips; null to fit on the training clips' own scores.</param>
    /// <param name="input">
    /// The training clips' input reference (see <see cref="FeatureSet.LogMels(ClipFeatureExtractor, IReadOnlyList{CatalogEntry}, InputReferenceAccumulator, IProgress{int}?, CancellationToken, int?)"/>);
    /// null when not measured. The per-band statistics are computed here from <paramref name="trainingLogMels"/>.
    /// </param>
    /// <param name="referenceLogMels">
    /// Normal clips held out from the training (see <see cref="Workflows.AutoencoderTrainingOptions.DriftReferenceFraction"/>):
    /// the model scores them here and the bundle stores their distribution as <c>trainingData.driftScores</c>; null or
    /// empty for none.
    /// </param>
    public static ModelBundle CreateBundle(TrainingResult trained, IReadOnlyList<FeatureMatrix> trainingLogMels,
        ClipSelection.Selection selection, ThresholdMethod thresholdMethod = ThresholdMethod.Gamma,
        double thresholdParameter = ThresholdSelector.DefaultGammaQuantile, TimeProvider? timeProvider = null,
        UnseenScores? unseenScores = null, InputReference? input = null, IReadOnlyList<FeatureMatrix>? referenceLogMels = null)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(selection);
        double[] scores = Score(trained.Model, trainingLogMels);
        ReferenceScores? driftScores = referenceLogMels is { Count: > 0 }
            ? new ReferenceScores(ReferenceScoreSource.HeldOutClips, ScoreDistribution.FromScores(Score(trained.Model, referenceLogMels)))
            : null;
        double[]? unseen = unseenScores is null ? null : [.. unseenScores.Scores];
        ThresholdSpec threshold = FitThreshold(unseen ?? scores, thresholdMethod, thresholdParameter, unseen is not null);
        var summary = new TrainingDataSummary(trained.ClipCount, trained.VectorCount, selection.MachineType, selection.MachineId,
            ScoreDistribution.FromScores(scores), unseen is null ? null : ScoreDistribution.FromScores(unseen), input,
            ModelBundle.BandStatisticsOf(trainingLogMels, trained.Model.Preset.Features.MelBandCount), driftScores);
        return ModelBundle.Create(trained.Model, summary, threshold, timeProvider);
    }

    /// <summary>
    /// Fits the threshold on normal clips' scores and adds the false-alarm rates it implies:
    /// <c>expectedFalseAlarmRate</c> (1 - the CDF at the threshold of a gamma distribution fitted to
    /// <paramref name="normalScores"/>) and <c>observedFalseAlarmRate</c> (the share of them above the threshold);
    /// with <paramref name="unseen"/>, <c>unseenClips</c> (their count).
    /// </summary>
    /// <param name="normalScores">Scores of normal clips: unseen (cross-fitted) or the training clips' own.</param>
    /// <param name="method">Gamma, percentile or fixed.</param>
    /// <param name="parameter">The method's parameter.</param>
    /// <param name="unseen">Whether the scores come from models that did not train on those clips.</param>
    public static ThresholdSpec FitThreshold(IReadOnlyList<double> normalScores, ThresholdMethod method, double parameter, bool unseen)
    {
        ArgumentNullException.ThrowIfNull(normalScores);
        if (method is not (ThresholdMethod.Gamma or ThresholdMethod.Percentile or ThresholdMethod.Fixed))
        {
            throw new ModelException(
                $"The threshold method {method} needs labelled clips, so it can be chosen only when evaluating; training fits gamma, percentile or fixed.");
        }

        double[] scores = [.. normalScores];
        ThresholdChoice choice = ThresholdSelector.Select(method, parameter, scores);
        var parameters = new Dictionary<string, double>(choice.Parameters)
        {
            ["observedFalseAlarmRate"] = scores.Count(s => DecisionRule.IsAnomalous(s, choice.Threshold)) / (double)scores.Length,
        };
        if (scores.Length >= 3 && scores.Distinct().Count() > 1)
        {
            parameters["expectedFalseAlarmRate"] = 1 - GammaDistribution.Fit(scores).Cdf(choice.Threshold);
        }

        if (unseen)
        {
            parameters["unseenClips"] = scores.Length;
        }

        return new ThresholdSpec(choice.Threshold, choice.Method, parameters);
    }

    /// <summary>The manifest form of a threshold choice.</summary>
    public static ThresholdSpec ToSpec(ThresholdChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        return new ThresholdSpec(choice.Threshold, choice.Method, choice.Parameters);
    }
}
