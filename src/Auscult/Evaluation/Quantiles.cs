namespace Auscult.Evaluation;

/// <summary>Order statistics with numpy's default rule, written once for every caller (thresholds, score distributions).</summary>
public static class Quantiles
{
    /// <summary>
    /// The <paramref name="percentile"/>-th percentile (0 to 100) by linear interpolation between order statistics.
    /// </summary>
    /// <remarks>Matches numpy.percentile(values, q) with method="linear" (see <see cref="OfSorted"/>).</remarks>
    /// <exception cref="InputException">No values, or a value is not finite.</exception>
    public static double Percentile(ReadOnlySpan<double> values, double percentile)
    {
        if (!(percentile >= 0 && percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile must lie in [0, 100].");
        }

        return OfSorted(Sorted(values), percentile / 100);
    }

    /// <summary>The values sorted ascending, refusing an empty set and non-finite values.</summary>
    /// <exception cref="InputException">No values, or a value is not finite.</exception>
    public static double[] Sorted(ReadOnlySpan<double> values)
    {
        if (values.Length == 0)
        {
            throw new InputException("A quantile needs at least one score.");
        }

        double[] sorted = values.ToArray();
        foreach (double v in sorted)
        {
            if (!double.IsFinite(v))
            {
                throw new InputException($"A quantile needs finite scores; found {v}.");
            }
        }

        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>
    /// The <paramref name="probability"/> quantile (0 to 1) of values already sorted ascending, by linear interpolation.
    /// </summary>
    /// <remarks>
    /// numpy.quantile(values, p) with method="linear": virtual index <c>(n - 1)·p</c>, then numpy's two-sided lerp
    /// (<c>a + (b - a)·t</c> for t &lt; 0.5, <c>b - (b - a)·(1 - t)</c> otherwise), which keeps the result monotone and
    /// exact at the end points.
    /// </remarks>
    public static double OfSorted(IReadOnlyList<double> sorted, double probability)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            throw new InputException("A quantile needs at least one score.");
        }

        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A quantile's probability must lie in [0, 1].");
        }

        double position = (sorted.Count - 1) * probability;
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Count - 1);
        double t = position - below;
        double a = sorted[below], b = sorted[above];
        double difference = b - a;
        return t >= 0.5 ? b - (difference * (1 - t)) : a + (difference * t);
    }
}
