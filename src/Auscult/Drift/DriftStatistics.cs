using System.Text.Json.Serialization;

namespace Auscult.Drift;

/// <summary>The statistics of one window of a machine's clips against the training reference: the evidence of a drift verdict.</summary>
/// <param name="ClipCount">Clips recorded in the window.</param>
/// <param name="ScoredClips">Of them, those scored.</param>
/// <param name="InputProblemRate">Share of the window's clips with an input fault.</param>
/// <param name="ShortInputProblemRate">The same over the short window.</param>
/// <param name="ShortBroadbandShiftDb">Median over the short window's clips of each clip's mean band shift, in dB.</param>
/// <param name="BroadbandShiftDb">Mean band shift over the window (the broadband level change), in dB.</param>
/// <param name="TiltDb">The band shifts' linear trend from the lowest to the highest band, in dB (negative: the top lost).</param>
/// <param name="NarrowBandDb">The largest band shift against its smoothed neighbours, in dB: a change confined to a few bands.</param>
/// <param name="MaxBandPsi">The largest per-band population stability index (frames against the training quantile bins).</param>
/// <param name="ScoreKs">Kolmogorov-Smirnov distance between the window's scores and the reference scores.</param>
/// <param name="ScorePsi">Population stability index of the window's scores on the training score quantiles.</param>
/// <param name="AnomalyRate">Share of scored clips above the threshold.</param>
/// <param name="ExpectedAnomalyRate">The share the threshold flags on the reference clips (see <see cref="DriftReference.ExpectedAnomalyRate"/>).</param>
/// <param name="AnomalyRateZ">
/// How many standard errors the anomaly rate lies above the expected one; the error counts both the window's and the
/// reference's clips (a two-proportion test).
/// </param>
/// <param name="ScoreTrendPerDay">
/// Slope of the best ramp of the scores (flat, then rising linearly from some clip on; a straight line is the ramp from
/// the first clip), in reference-score standard deviations per day.
/// </param>
/// <param name="StepToTrend">Residual of the best single step over that of the best ramp (below 1: a step explains the scores better).</param>
/// <param name="Bands">The bands that moved most: index, shift and PSI, largest change first (at most 8).</param>
/// <param name="ScoreKsLimit">
/// The KS distance that counted as a change for this window: the configured limit, or the two-sample critical value for
/// the window's and the reference's clip counts when that is larger.
/// </param>
/// <param name="RisingBandShare">Share of the bands whose window level rose by at least 0.5 dB.</param>
/// <param name="FallingBandShare">Share of the bands whose window level fell by at least 0.5 dB.</param>
/// <param name="ShortRisingBandShare">The same over the short window's clips.</param>
/// <param name="ShortFallingBandShare">The same over the short window's clips.</param>
/// <param name="ScoreTrendT">The score trend's t statistic (slope over its standard error): how sure the trend is.</param>
/// <param name="ShortMeanShiftDb">The mean band shift over the short window's clips together, in dB.</param>
/// <param name="ShortNarrowBandDb">The largest narrow-band change over the short window's clips together, in dB.</param>
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] // a statistic without data is NaN, written "NaN"
public sealed record DriftStatistics(int ClipCount, int ScoredClips, double InputProblemRate, double ShortInputProblemRate, double ShortBroadbandShiftDb,
    double BroadbandShiftDb, double TiltDb, double NarrowBandDb, double MaxBandPsi, double ScoreKs, double ScorePsi, double AnomalyRate,
    double ExpectedAnomalyRate, double AnomalyRateZ, double ScoreTrendPerDay, double StepToTrend, IReadOnlyList<BandShift> Bands, double ScoreKsLimit = double.NaN,
    double RisingBandShare = double.NaN, double FallingBandShare = double.NaN, double ShortRisingBandShare = double.NaN, double ShortFallingBandShare = double.NaN,
    double ScoreTrendT = double.NaN, double ShortMeanShiftDb = double.NaN, double ShortNarrowBandDb = double.NaN);
