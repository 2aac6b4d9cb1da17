namespace Auscult.Evaluation;

/// <summary>Order statistics with numpy's default rule.</summary>
internal static class Quantiles
{
    /// <summary>
    /// The <paramref name="percentile"/>-th percentile (0 to 100) by linear interpolation between order statistics.
    /// </summary>
    /// <remarks>
    /// Matches numpy.percentile(values, q) with method="linear": virtual index <c>(n - 1)·q/100</c>, then numpy's
    /// two-sided lerp (<c>a + (b - a)·t</c> for t &lt; 0.5, <c>b - (b - a)·(1 - t)</c> otherwise), which keeps the
    /// result monotone and exact at the end points.
    /// </remarks>
    public static double Percentile(ReadOnlySpan<double> values, double percentile)
    {
        if (values.Length == 0)
        {
            throw new InputException("A percentile needs at least one score.");
        }

        if (!(percentile >= 0 && percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile must lie in [0, 100].");
        }

        double[] sorted = values.ToArray();
        foreach (double v in sorted)
        {
            if (!double.IsFinite(v))
            {
                throw new InputException($"A percentile needs finite scores; found {v}.");
            }
        }

        Array.Sort(sorted);
        double position = (sorted.Length - 1) * (percentile / 100);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        double t = position - below;
        double a = sorted[below], b = sorted[above];
        double difference = b - a;
        return t >= 0.5 ? b - (difference * (1 - t)) : a + (difference * t);
    }
}
