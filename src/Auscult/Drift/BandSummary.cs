namespace Auscult.Drift;

/// <summary>The distribution of one mel band's log-mel values over many frames (see <see cref="BandStatistics"/>).</summary>
/// <param name="Mean">Mean value, in the features' unit (dB for the built-in log scales).</param>
/// <param name="StandardDeviation">Population standard deviation (numpy's <c>std</c>, <c>ddof=0</c>).</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Quantiles">One value per <see cref="BandStatistics.Probabilities"/> entry, in the same order.</param>
public sealed record BandSummary(double Mean, double StandardDeviation, double Min, double Max, IReadOnlyList<double> Quantiles);
