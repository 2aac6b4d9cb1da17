namespace Auscult.Evaluation;

/// <summary>Area under the ROC curve, whole or partial, with the anomaly as the positive class.</summary>
public static class RocAuc
{
    /// <summary>The area under the whole ROC curve by the trapezoid rule (ties count one half).</summary>
    /// <param name="labels">True for an anomalous clip.</param>
    /// <param name="scores">Anomaly scores, higher meaning more anomalous.</param>
    /// <exception cref="AuscultException">Only one class is present, or a score is not finite.</exception>
    /// <remarks>Matches sklearn.metrics.roc_auc_score(y_true, y_score).</remarks>
    public static double Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        var curve = RocCurve.Compute(labels, scores);
        return Trapezoid(curve.FalsePositiveRates, curve.TruePositiveRates, curve.FalsePositiveRates.Count);
    }

    /// <summary>
    /// The McClish-standardised partial AUC over false positive rates [0, <paramref name="maxFalsePositiveRate"/>]:
    /// 0.5 for a chance-level detector over that range and 1 for a perfect one. This is the DCASE pAUC (p = 0.1).
    /// </summary>
    /// <remarks>
    /// Matches sklearn.metrics.roc_auc_score(y_true, y_score, max_fpr=maxFalsePositiveRate): the curve is cut at the
    /// maximum rate with a linearly interpolated end point, its trapezoid area A is taken, and the result is
    /// <c>0.5·(1 + (A - min)/(max - min))</c> with <c>min = 0.5·maxFpr²</c> and <c>max = maxFpr</c>.
    /// A maximum rate of 1 gives <see cref="Compute"/>.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The maximum rate is not in (0, 1].</exception>
    /// <exception cref="AuscultException">Only one class is present, or a score is not finite.</exception>
    public static double Partial(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores, double maxFalsePositiveRate = 0.1)
    {
        if (!(maxFalsePositiveRate > 0 && maxFalsePositiveRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxFalsePositiveRate), maxFalsePositiveRate,
                "The maximum false positive rate must lie in (0, 1].");
        }

        var curve = RocCurve.Compute(labels, scores);
        IReadOnlyList<double> fpr = curve.FalsePositiveRates, tpr = curve.TruePositiveRates;
        if (maxFalsePositiveRate == 1)
        {
            return Trapezoid(fpr, tpr, fpr.Count);
        }

        // First index whose rate exceeds the maximum (numpy searchsorted side='right'); it exists because the
        // curve ends at 1 > maxFpr, and it is at least 1 because the curve starts at 0.
        int stop = 0;
        while (fpr[stop] <= maxFalsePositiveRate)
        {
            stop++;
        }

        var x = new double[stop + 1];
        var y = new double[stop + 1];
        for (int i = 0; i < stop; i++)
        {
            x[i] = fpr[i];
            y[i] = tpr[i];
        }

        // numpy.interp between the two points that straddle the maximum rate.
        double slope = (tpr[stop] - tpr[stop - 1]) / (fpr[stop] - fpr[stop - 1]);
        x[stop] = maxFalsePositiveRate;
        y[stop] = (slope * (maxFalsePositiveRate - fpr[stop - 1])) + tpr[stop - 1];

        double partialArea = Trapezoid(x, y, x.Length);
        double minArea = 0.5 * maxFalsePositiveRate * maxFalsePositiveRate;
        double maxArea = maxFalsePositiveRate;
        return 0.5 * (1 + ((partialArea - minArea) / (maxArea - minArea)));
    }

    /// <summary>numpy.trapz: Σ Δx · (y[i] + y[i-1]) / 2.</summary>
    private static double Trapezoid(IReadOnlyList<double> x, IReadOnlyList<double> y, int count)
    {
        double area = 0;
        for (int i = 1; i < count; i++)
        {
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;
        }

        return area;
    }
}
