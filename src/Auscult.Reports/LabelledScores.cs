namespace Auscult.Reports;

/// <summary>Anomaly scores of test clips with their true labels; a higher score means more anomalous.</summary>
public sealed record LabelledScores
{
    /// <param name="scores">One finite score per clip.</param>
    /// <param name="isAnomaly">The true label of each clip, in the same order.</param>
    /// <exception cref="ArgumentException">No clips, lengths differ, a score is not finite, or a class is missing.</exception>
    public LabelledScores(IReadOnlyList<double> scores, IReadOnlyList<bool> isAnomaly)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(isAnomaly);
        if (scores.Count == 0)
        {
            throw new ArgumentException("There are no scores.", nameof(scores));
        }

        if (scores.Count != isAnomaly.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {isAnomaly.Count} labels.", nameof(isAnomaly));
        }

        PlotDefaults.CheckFinite(scores, nameof(scores));
        Scores = scores.ToArray();
        IsAnomaly = isAnomaly.ToArray();
        AnomalyCount = IsAnomaly.Count(a => a);
        NormalCount = Scores.Count - AnomalyCount;
        if (AnomalyCount == 0 || NormalCount == 0)
        {
            throw new ArgumentException(
                $"Evaluation plots need both classes; got {NormalCount} normal and {AnomalyCount} anomalous clips.", nameof(isAnomaly));
        }
    }

    public IReadOnlyList<double> Scores { get; }

    public IReadOnlyList<bool> IsAnomaly { get; }

    public int NormalCount { get; }

    public int AnomalyCount { get; }

    /// <summary>The scores of one class, in clip order.</summary>
    public double[] Of(bool anomaly) => Scores.Where((_, i) => IsAnomaly[i] == anomaly).ToArray();
}
