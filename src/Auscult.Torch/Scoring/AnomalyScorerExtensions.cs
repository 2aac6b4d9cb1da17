using Auscult.Features;

namespace Auscult.Torch.Scoring;

/// <summary>Scoring many clips with any kind of model.</summary>
public static class AnomalyScorerExtensions
{
    /// <summary>The anomaly score of each clip's log-mel matrix, in order; reports the count done after each clip.</summary>
    public static double[] ScoreAll(this IAnomalyScorer scorer, IReadOnlyList<FeatureMatrix> logMels, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(logMels);
        var scores = new double[logMels.Count];
        for (int i = 0; i < scores.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            scores[i] = scorer.Score(logMels[i]);
            progress?.Report(i + 1);
        }

        return scores;
    }
}
