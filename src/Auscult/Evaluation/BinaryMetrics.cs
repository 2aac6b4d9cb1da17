namespace Auscult.Evaluation;

/// <summary>
/// The confusion matrix and the figures derived from it for one decision threshold, with the anomaly as the positive
/// class; the <c>Normal*</c> properties are the mirrored figures with the normal class as positive.
/// </summary>
/// <remarks>
/// A clip is decided anomalous when its score is strictly greater than the threshold (<c>score &gt; threshold</c>),
/// as the DCASE baselines write <c>decision_result</c> files. Ratios with a zero denominator are 0, as scikit-learn's
/// precision_score, recall_score and f1_score return by default (zero_division="warn").
/// Matches sklearn.metrics.confusion_matrix, precision_score, recall_score, f1_score and accuracy_score on
/// <c>y_pred = score &gt; threshold</c>.
/// </remarks>
/// <param name="TrueNegatives">Normal clips decided normal.</param>
/// <param name="FalsePositives">Normal clips decided anomalous (false alarms).</param>
/// <param name="FalseNegatives">Anomalous clips decided normal (misses).</param>
/// <param name="TruePositives">Anomalous clips decided anomalous.</param>
public sealed record BinaryMetrics(int TrueNegatives, int FalsePositives, int FalseNegatives, int TruePositives)
{
    /// <summary>Normal clips decided normal.</summary>
    public int TrueNegatives { get; } = CheckCount(TrueNegatives);

    /// <summary>Normal clips decided anomalous (false alarms).</summary>
    public int FalsePositives { get; } = CheckCount(FalsePositives);

    /// <summary>Anomalous clips decided normal (misses).</summary>
    public int FalseNegatives { get; } = CheckCount(FalseNegatives);

    /// <summary>Anomalous clips decided anomalous.</summary>
    public int TruePositives { get; } = CheckCount(TruePositives);

    /// <summary>Counts the decisions <c>score &gt; threshold</c> against the labels (true = anomalous).</summary>
    /// <exception cref="AuscultException">No scores, or a score is not finite.</exception>
    public static BinaryMetrics At(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores, double threshold)
    {
        ScoreInput.Check(labels, scores, requireBothClasses: false);
        int tn = 0, fp = 0, fn = 0, tp = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            bool predicted = DecisionRule.IsAnomalous(scores[i], threshold);
            if (labels[i])
            {
                if (predicted)
                {
                    tp++;
                }
                else
                {
                    fn++;
                }
            }
            else if (predicted)
            {
                fp++;
            }
            else
            {
                tn++;
            }
        }

        return new BinaryMetrics(tn, fp, fn, tp);
    }

    /// <summary>All clips counted.</summary>
    public int Total => TrueNegatives + FalsePositives + FalseNegatives + TruePositives;

    /// <summary>TP / (TP + FP): the share of alarms that were real anomalies.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN): the share of anomalies detected (true positive rate, sensitivity).</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall.</summary>
    public double F1 => Ratio(2 * TruePositives, (2 * TruePositives) + FalsePositives + FalseNegatives);

    /// <summary>(TP + TN) / total.</summary>
    public double Accuracy => Ratio(TruePositives + TrueNegatives, Total);

    /// <summary>TN / (TN + FP): the share of normal clips passed (true negative rate).</summary>
    public double Specificity => Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    /// <summary>FP / (FP + TN): the false alarm rate.</summary>
    public double FalsePositiveRate => Ratio(FalsePositives, FalsePositives + TrueNegatives);

    /// <summary>TN / (TN + FN): precision with the normal class as positive.</summary>
    public double NormalPrecision => Ratio(TrueNegatives, TrueNegatives + FalseNegatives);

    /// <summary>TN / (TN + FP): recall with the normal class as positive (equals <see cref="Specificity"/>).</summary>
    public double NormalRecall => Specificity;

    /// <summary>2·TN / (2·TN + FN + FP): F1 with the normal class as positive.</summary>
    public double NormalF1 => Ratio(2 * TrueNegatives, (2 * TrueNegatives) + FalseNegatives + FalsePositives);

    /// <summary>TP / (TP + FN) with the normal class as positive, i.e. <see cref="Recall"/>: the specificity of the mirror.</summary>
    public double NormalSpecificity => Recall;

    private static int CheckCount(int count) =>
        count >= 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "A confusion count cannot be negative.");

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
