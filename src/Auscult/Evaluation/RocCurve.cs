namespace Auscult.Evaluation;

/// <summary>
/// A receiver operating characteristic curve with the anomaly as the positive class: for each threshold, the fraction
/// of normal clips (false positive rate) and of anomalous clips (true positive rate) scoring at or above it.
/// </summary>
/// <remarks>
/// Matches sklearn.metrics.roc_curve(y_true, y_score, drop_intermediate=...). Thresholds are the distinct scores in
/// descending order (tied scores form one point), preceded by +∞ for the (0, 0) point, as scikit-learn 1.3+ does;
/// scikit-learn 1.2 used <c>max(score) + 1</c> there instead, which changes no rate and no area.
/// </remarks>
public sealed class RocCurve
{
    private RocCurve(double[] falsePositiveRates, double[] truePositiveRates, double[] thresholds)
    {
        FalsePositiveRates = falsePositiveRates;
        TruePositiveRates = truePositiveRates;
        Thresholds = thresholds;
    }

    /// <summary>False positive rates, non-decreasing from 0 to 1.</summary>
    public IReadOnlyList<double> FalsePositiveRates { get; }

    /// <summary>True positive rates, non-decreasing from 0 to 1.</summary>
    public IReadOnlyList<double> TruePositiveRates { get; }

    /// <summary>Decreasing thresholds; point i counts clips with score &gt;= Thresholds[i] as anomalous.</summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>Computes the curve.</summary>
    /// <param name="labels">True for an anomalous clip (the positive class).</param>
    /// <param name="scores">Anomaly scores, higher meaning more anomalous.</param>
    /// <param name="dropIntermediate">
    /// Drop points that lie on a straight horizontal or vertical run between their neighbours (scikit-learn's default,
    /// true); they change no area.
    /// </param>
    /// <exception cref="AuscultException">Only one class is present, or a score is not finite.</exception>
    public static RocCurve Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores, bool dropIntermediate = true)
    {
        ScoreInput.Check(labels, scores, requireBothClasses: true);
        (double[] fps, double[] tps, double[] thresholds) = Counts(labels, scores);

        int count = fps.Length;
        var keep = new List<int>(count);
        for (int i = 0; i < count; i++)
        {
            // scikit-learn keeps the ends and every point where either count's second difference is non-zero,
            // and only drops anything when there are more than two points.
            bool corner = !dropIntermediate || count <= 2 || i == 0 || i == count - 1
                || (fps[i - 1] - (2 * fps[i]) + fps[i + 1]) != 0
                || (tps[i - 1] - (2 * tps[i]) + tps[i + 1]) != 0;
            if (corner)
            {
                keep.Add(i);
            }
        }

        double totalFalse = fps[count - 1], totalTrue = tps[count - 1];
        var fpr = new double[keep.Count + 1];
        var tpr = new double[keep.Count + 1];
        var thr = new double[keep.Count + 1];
        thr[0] = double.PositiveInfinity;
        for (int j = 0; j < keep.Count; j++)
        {
            int i = keep[j];
            fpr[j + 1] = fps[i] / totalFalse;
            tpr[j + 1] = tps[i] / totalTrue;
            thr[j + 1] = thresholds[i];
        }

        return new RocCurve(fpr, tpr, thr);
    }

    /// <summary>
    /// Cumulative false and true positive counts at each distinct score, scores descending (scikit-learn's
    /// <c>_binary_clf_curve</c>): entry i counts the clips with score &gt;= thresholds[i].
    /// </summary>
    internal static (double[] FalsePositives, double[] TruePositives, double[] Thresholds) Counts(
        ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        int n = scores.Length;
        double[] sorted = scores.ToArray();
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        // Descending scores; the order inside a tie does not matter because ties collapse into one point.
        Array.Sort(sorted, order);
        Array.Reverse(sorted);
        Array.Reverse(order);

        var fps = new List<double>();
        var tps = new List<double>();
        var thresholds = new List<double>();
        double truePositives = 0;
        for (int i = 0; i < n; i++)
        {
            if (labels[order[i]])
            {
                truePositives++;
            }

            if (i == n - 1 || sorted[i + 1] != sorted[i])
            {
                tps.Add(truePositives);
                fps.Add(1 + i - truePositives);
                thresholds.Add(sorted[i]);
            }
        }

        return (fps.ToArray(), tps.ToArray(), thresholds.ToArray());
    }
}
