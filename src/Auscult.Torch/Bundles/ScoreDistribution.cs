namespace Auscult.Torch.Bundles;

/// <summary>Summary statistics of a set of anomaly scores (e.g. the training clips').</summary>
public sealed record ScoreDistribution(int Count, double Mean, double StandardDeviation, double Min, double Max, IReadOnlyList<ScoreQuantile> Quantiles)
{
    /// <summary>The probabilities <see cref="FromScores"/> reports.</summary>
    public static IReadOnlyList<double> DefaultProbabilities { get; } = [0.05, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];

    /// <summary>
    /// Mean, population standard deviation, extremes and quantiles (linear interpolation between order statistics,
    /// numpy's default) of <paramref name="scores"/>.
    /// </summary>
    public static ScoreDistribution FromScores(IReadOnlyCollection<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0)
        {
            throw new ArgumentException("At least one score is needed.", nameof(scores));
        }

        var sorted = scores.Order().ToArray();
        double mean = sorted.Average();
        double variance = sorted.Sum(s => (s - mean) * (s - mean)) / sorted.Length;
        var quantiles = DefaultProbabilities.Select(p => new ScoreQuantile(p, Evaluation.Quantiles.OfSorted(sorted, p))).ToList();
        return new ScoreDistribution(sorted.Length, mean, Math.Sqrt(variance), sorted[0], sorted[^1], quantiles);
    }
}
