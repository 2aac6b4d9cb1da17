namespace Auscult.Reports;

/// <summary>
/// A ROC curve as computed by the evaluation code: points of (false-positive rate, true-positive rate) in order of
/// decreasing threshold, with the AUC and the partial AUC up to <see cref="MaxFalsePositiveRate"/>.
/// </summary>
public sealed record RocCurveData
{
    /// <param name="falsePositiveRates">Non-decreasing rates in [0, 1].</param>
    /// <param name="truePositiveRates">Rates in [0, 1], one per false-positive rate.</param>
    /// <param name="auc">Area under the curve.</param>
    /// <param name="partialAuc">Partial AUC over FPR in [0, <paramref name="maxFalsePositiveRate"/>], as reported (DCASE: McClish-standardised).</param>
    /// <param name="maxFalsePositiveRate">The FPR bound of the partial AUC (DCASE: 0.1).</param>
    /// <exception cref="ArgumentException">Fewer than two points, lengths differ, or a rate outside [0, 1] or out of order.</exception>
    public RocCurveData(IReadOnlyList<double> falsePositiveRates, IReadOnlyList<double> truePositiveRates,
        double auc, double partialAuc, double maxFalsePositiveRate = 0.1)
    {
        ArgumentNullException.ThrowIfNull(falsePositiveRates);
        ArgumentNullException.ThrowIfNull(truePositiveRates);
        if (falsePositiveRates.Count < 2)
        {
            throw new ArgumentException($"A ROC curve needs at least two points; got {falsePositiveRates.Count}.", nameof(falsePositiveRates));
        }

        if (falsePositiveRates.Count != truePositiveRates.Count)
        {
            throw new ArgumentException(
                $"{falsePositiveRates.Count} false-positive rates but {truePositiveRates.Count} true-positive rates.", nameof(truePositiveRates));
        }

        for (int i = 0; i < falsePositiveRates.Count; i++)
        {
            double fpr = falsePositiveRates[i], tpr = truePositiveRates[i];
            if (!(fpr is >= 0 and <= 1) || !(tpr is >= 0 and <= 1))
            {
                throw new ArgumentException($"ROC point {i} ({fpr}, {tpr}) is outside [0, 1].", nameof(falsePositiveRates));
            }

            if (i > 0 && fpr < falsePositiveRates[i - 1])
            {
                throw new ArgumentException($"False-positive rates must not decrease; point {i} goes back to {fpr}.", nameof(falsePositiveRates));
            }
        }

        if (!(auc is >= 0 and <= 1) || !(partialAuc is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(auc), $"AUC {auc} and pAUC {partialAuc} must lie in [0, 1].");
        }

        if (!(maxFalsePositiveRate is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxFalsePositiveRate), maxFalsePositiveRate, "The pAUC bound must lie in (0, 1].");
        }

        FalsePositiveRates = falsePositiveRates.ToArray();
        TruePositiveRates = truePositiveRates.ToArray();
        Auc = auc;
        PartialAuc = partialAuc;
        MaxFalsePositiveRate = maxFalsePositiveRate;
    }

    public IReadOnlyList<double> FalsePositiveRates { get; }

    public IReadOnlyList<double> TruePositiveRates { get; }

    public double Auc { get; }

    public double PartialAuc { get; }

    public double MaxFalsePositiveRate { get; }
}
