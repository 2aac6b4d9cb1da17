using System.Text.Json.Serialization;

namespace Auscult.Drift;

/// <summary>
/// Per-mel-band statistics of a set of log-mel frames (a model's training clips, or a window of recent clips): what a
/// drift monitor compares recent clips against, band by band. Built by <see cref="BandStatisticsAccumulator"/>.
/// </summary>
/// <param name="ClipCount">Clips the frames came from.</param>
/// <param name="FrameCount">Frames counted (every band counts every frame).</param>
/// <param name="HistogramResolution">
/// Width of the histogram bins the quantiles were read from (0.1 for dB features): a quantile is within one bin width
/// of the exact (numpy, linear) one; mean, standard deviation and extremes are exact.
/// </param>
/// <param name="Probabilities">The probabilities of each band's <see cref="BandSummary.Quantiles"/>, ascending.</param>
/// <param name="Bands">One summary per mel band, lowest band first.</param>
public sealed record BandStatistics(int ClipCount, long FrameCount, double HistogramResolution, IReadOnlyList<double> Probabilities, IReadOnlyList<BandSummary> Bands)
{
    /// <summary>The probabilities reported by default: both tails, the deciles a PSI needs at its edges, and the median.</summary>
    public static IReadOnlyList<double> DefaultProbabilities { get; } = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];

    /// <summary>The mean over all bands of each band's mean: a broadband level, in the features' unit (derived, not stored).</summary>
    [JsonIgnore]
    public double MeanLevel => Bands.Count == 0 ? double.NaN : Bands.Average(b => b.Mean);
}
