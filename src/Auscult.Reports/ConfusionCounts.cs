namespace Auscult.Reports;

/// <summary>
/// A binary confusion matrix, with "anomaly" as the positive class.
/// </summary>
public sealed record ConfusionCounts
{
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public ConfusionCounts(int trueNegatives, int falsePositives, int falseNegatives, int truePositives)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trueNegatives);
        ArgumentOutOfRangeException.ThrowIfNegative(falsePositives);
        ArgumentOutOfRangeException.ThrowIfNegative(falseNegatives);
        ArgumentOutOfRangeException.ThrowIfNegative(truePositives);
        TrueNegatives = trueNegatives;
        FalsePositives = falsePositives;
        FalseNegatives = falseNegatives;
        TruePositives = truePositives;
    }

    /// <summary>Normal clips judged normal.</summary>
    public int TrueNegatives { get; }

    /// <summary>Normal clips judged anomalous (false alarms).</summary>
    public int FalsePositives { get; }

    /// <summary>Anomalous clips judged normal (missed faults).</summary>
    public int FalseNegatives { get; }

    /// <summary>Anomalous clips judged anomalous.</summary>
    public int TruePositives { get; }

    public int Total => TrueNegatives + FalsePositives + FalseNegatives + TruePositives;

    /// <summary>
    /// Counts the decisions "anomaly when score &gt; threshold" (the DCASE baseline's rule), for plots that are given
    /// scores and a threshold but no counts.
    /// </summary>
    public static ConfusionCounts FromScores(LabelledScores scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        int tn = 0, fp = 0, fn = 0, tp = 0;
        for (int i = 0; i < scores.Scores.Count; i++)
        {
            bool predicted = scores.Scores[i] > threshold;
            switch (scores.IsAnomaly[i], predicted)
            {
                case (false, false): tn++; break;
                case (false, true): fp++; break;
                case (true, false): fn++; break;
                default: tp++; break;
            }
        }

        return new ConfusionCounts(tn, fp, fn, tp);
    }
}
