namespace Auscult.Evaluation;

/// <summary>
/// The confusion counts at every distinct score used as a threshold, thresholds ascending, with the decision
/// <c>score &gt; threshold</c> (so at threshold <c>t</c> the clips scoring exactly <c>t</c> are decided normal).
/// </summary>
/// <remarks>
/// Entry i holds the counts for <c>Thresholds[i]</c>. The first threshold is the lowest score, so the lowest-scoring
/// clip is always decided normal; the last is the highest score, where every clip is decided normal.
/// </remarks>
public sealed class ThresholdSweep
{
    private ThresholdSweep(double[] thresholds, int[] tp, int[] fp, int[] tn, int[] fn, int anomalies, int normals)
    {
        Thresholds = thresholds;
        TruePositives = tp;
        FalsePositives = fp;
        TrueNegatives = tn;
        FalseNegatives = fn;
        AnomalyCount = anomalies;
        NormalCount = normals;
    }

    /// <summary>Distinct scores, ascending.</summary>
    public IReadOnlyList<double> Thresholds { get; }

    public IReadOnlyList<int> TruePositives { get; }

    public IReadOnlyList<int> FalsePositives { get; }

    public IReadOnlyList<int> TrueNegatives { get; }

    public IReadOnlyList<int> FalseNegatives { get; }

    /// <summary>Anomalous clips (positives) in the input.</summary>
    public int AnomalyCount { get; }

    /// <summary>Normal clips (negatives) in the input.</summary>
    public int NormalCount { get; }

    /// <summary>Number of thresholds.</summary>
    public int Count => Thresholds.Count;

    /// <summary>The metrics at entry <paramref name="index"/>.</summary>
    public BinaryMetrics MetricsAt(int index) =>
        new(TrueNegatives[index], FalsePositives[index], FalseNegatives[index], TruePositives[index]);

    /// <summary>Sweeps every distinct score.</summary>
    /// <param name="labels">True for an anomalous clip.</param>
    /// <param name="scores">Anomaly scores.</param>
    /// <exception cref="AuscultException">No scores, or a score is not finite.</exception>
    public static ThresholdSweep Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        (int anomalies, int normals) = ScoreInput.Check(labels, scores, requireBothClasses: false);

        // RocCurve.Counts gives, per distinct score s descending, the clips with score >= s. The clips with
        // score > s are the same counts one distinct score higher (and none above the maximum).
        (double[] fpsAtOrAbove, double[] tpsAtOrAbove, double[] descending) = RocCurve.Counts(labels, scores);
        int count = descending.Length;
        var thresholds = new double[count];
        int[] tp = new int[count], fp = new int[count], tn = new int[count], fn = new int[count];
        for (int k = 0; k < count; k++)
        {
            int d = count - 1 - k; // position of this threshold in the descending arrays
            int above = d - 1;     // the next higher distinct score
            int truePositives = above >= 0 ? (int)tpsAtOrAbove[above] : 0;
            int falsePositives = above >= 0 ? (int)fpsAtOrAbove[above] : 0;
            thresholds[k] = descending[d];
            tp[k] = truePositives;
            fp[k] = falsePositives;
            fn[k] = anomalies - truePositives;
            tn[k] = normals - falsePositives;
        }

        return new ThresholdSweep(thresholds, tp, fp, tn, fn, anomalies, normals);
    }
}
