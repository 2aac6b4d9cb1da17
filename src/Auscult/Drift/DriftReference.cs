using Auscult.Features;
using Auscult.Health;

namespace Auscult.Drift;

/// <summary>
/// The training distribution a drift monitor compares recent clips with, prepared once from what a model bundle stores:
/// the per-band statistics of the training frames, the training clips' score distribution and the decision threshold.
/// Thread-safe (immutable); <see cref="Observe"/> allocates only the observation it returns.
/// </summary>
public sealed class DriftReference
{
    private readonly double[] _edges;       // bands x (bins - 1), band-major: each band's training quantiles
    private readonly double[] _scoreValues; // the score CDF's knots: min, quantiles, max
    private readonly double[] _scoreProbabilities;

    /// <summary>A reference whose scores are the deployed model's scores of held-out normal clips.</summary>
    /// <param name="bands">The training frames' per-band statistics (the bundle's <c>trainingData.bands</c>).</param>
    /// <param name="scores">The deployed model's scores of normal clips it did not train on.</param>
    /// <param name="threshold">The decision threshold: scores above it are anomalous.</param>
    /// <exception cref="ModelException">The statistics cannot serve as a reference (no bands, no quantiles, unordered values).</exception>
    public DriftReference(BandStatistics bands, ScoreDistribution scores, double threshold)
        : this(bands, new ReferenceScores(ReferenceScoreSource.HeldOutClips, scores ?? throw new ArgumentNullException(nameof(scores))), threshold)
    {
    }

    /// <param name="bands">The training frames' per-band statistics (the bundle's <c>trainingData.bands</c>).</param>
    /// <param name="reference">
    /// The reference scores and their source: the bundle's <c>trainingData.driftScores</c> (the deployed model on held-out
    /// normal clips); for older bundles the cross-fitted or the training clips' scores, which are biased (see
    /// <see cref="ReferenceScoreSource"/>).
    /// </param>
    /// <param name="threshold">The decision threshold: scores above it are anomalous.</param>
    /// <exception cref="ModelException">The statistics cannot serve as a reference (no bands, no quantiles, unordered values).</exception>
    public DriftReference(BandStatistics bands, ReferenceScores reference, double threshold)
    {
        ArgumentNullException.ThrowIfNull(bands);
        ArgumentNullException.ThrowIfNull(reference);
        ScoreDistribution scores = reference.Scores;
        ArgumentNullException.ThrowIfNull(scores);
        if (bands.Bands.Count == 0 || bands.Probabilities.Count == 0 || bands.Bands.Any(b => b.Quantiles.Count != bands.Probabilities.Count))
        {
            throw new ModelException("The training band statistics have no bands or quantiles to compare drift against.");
        }

        if (!double.IsFinite(threshold))
        {
            throw new ModelException($"The threshold {threshold} is not a number to compare drift against.");
        }

        Bands = bands;
        Scores = scores;
        ScoreSource = reference.Source;
        ReferenceClipCount = Math.Max(1, scores.Count);
        Threshold = threshold;
        BandCount = bands.Bands.Count;
        BinCount = bands.Probabilities.Count + 1;
        _edges = new double[BandCount * (BinCount - 1)];
        var means = new double[BandCount];
        for (int b = 0; b < BandCount; b++)
        {
            BandSummary band = bands.Bands[b];
            means[b] = band.Mean;
            for (int q = 0; q < BinCount - 1; q++)
            {
                _edges[(b * (BinCount - 1)) + q] = band.Quantiles[q];
            }
        }

        BandMeans = means;
        var expected = new double[BinCount];
        double previous = 0;
        for (int q = 0; q < BinCount; q++)
        {
            double p = q < BinCount - 1 ? bands.Probabilities[q] : 1;
            expected[q] = p - previous;
            previous = p;
        }

        ExpectedBinShares = expected;

        var values = new List<double> { scores.Min };
        var probabilities = new List<double> { 0 };
        foreach (ScoreQuantile quantile in scores.Quantiles.OrderBy(q => q.Probability))
        {
            if (quantile.Value >= values[^1] && quantile.Probability > probabilities[^1])
            {
                values.Add(quantile.Value);
                probabilities.Add(quantile.Probability);
            }
        }

        if (scores.Max >= values[^1])
        {
            values.Add(scores.Max);
            probabilities.Add(1);
        }

        _scoreValues = [.. values];
        _scoreProbabilities = [.. probabilities];
        if (_scoreValues.Length < 2 || !_scoreValues.All(double.IsFinite))
        {
            throw new ModelException("The training score distribution has too few finite quantiles to compare drift against.");
        }

        // The share of reference clips above the threshold, read from the reference CDF, with half a clip added above
        // and below (a reference of 100 clips with none above still expects about 0.5%, never exactly zero).
        double above = (1 - ScoreCdf(threshold)) * ReferenceClipCount;
        ExpectedAnomalyRate = (above + 0.5) / (ReferenceClipCount + 1);
    }

    /// <summary>The training frames' per-band statistics.</summary>
    public BandStatistics Bands { get; }

    /// <summary>The reference score distribution (see <see cref="ScoreSource"/>).</summary>
    public ScoreDistribution Scores { get; }

    /// <summary>Which clips and model the reference scores come from.</summary>
    public ReferenceScoreSource ScoreSource { get; }

    /// <summary>
    /// Clips behind the reference scores (at least 1): a statistic of a window is compared with the reference as a
    /// two-sample one, so a thin reference widens the limits instead of raising false alerts.
    /// </summary>
    public int ReferenceClipCount { get; }

    /// <summary>The decision threshold.</summary>
    public double Threshold { get; }

    /// <summary>Mel bands.</summary>
    public int BandCount { get; }

    /// <summary>Bins per band: one more than the training quantiles, so each holds a known share of the training frames.</summary>
    public int BinCount { get; }

    /// <summary>Each band's training mean level (dB).</summary>
    public IReadOnlyList<double> BandMeans { get; }

    /// <summary>The share of training frames in each quantile bin (0.01, 0.04, 0.05, 0.15, ... for the default quantiles).</summary>
    public IReadOnlyList<double> ExpectedBinShares { get; }

    /// <summary>
    /// The share of normal clips the threshold flags, read from the reference scores (the deployed model on held-out
    /// normal clips), not from the threshold's nominal rate: a threshold fitted on cross-fitted scores flags fewer of
    /// the deployed model's normal clips than its nominal 10%. Smoothed by half a clip each way; within [0.001, 0.999].
    /// </summary>
    public double ExpectedAnomalyRate
    {
        get;
        private init => field = Math.Clamp(value, 0.001, 0.999);
    }

    /// <summary>The training score distribution's CDF at <paramref name="score"/>: linear between its quantiles, 0 below the minimum, 1 above the maximum.</summary>
    public double ScoreCdf(double score)
    {
        if (score <= _scoreValues[0])
        {
            return score < _scoreValues[0] ? 0 : _scoreProbabilities[0];
        }

        if (score >= _scoreValues[^1])
        {
            return 1;
        }

        int i = Array.BinarySearch(_scoreValues, score);
        if (i >= 0)
        {
            return _scoreProbabilities[i];
        }

        int upper = ~i, lower = upper - 1;
        double span = _scoreValues[upper] - _scoreValues[lower];
        double t = span > 0 ? (score - _scoreValues[lower]) / span : 1;
        return _scoreProbabilities[lower] + (t * (_scoreProbabilities[upper] - _scoreProbabilities[lower]));
    }

    /// <summary>
    /// What a drift monitor keeps of one clip. <paramref name="logMel"/> is the clip's log-mel matrix from the model's own
    /// feature extraction (null when the clip was not turned into features: input unfit).
    /// </summary>
    /// <param name="recordedAt">When the clip was recorded.</param>
    /// <param name="logMel">[frames x bands], or null.</param>
    /// <param name="score">The clip's anomaly score; null when it was not scored.</param>
    /// <param name="health">The clip's input checks; null when unknown.</param>
    /// <exception cref="ArgumentException">The matrix has another number of bands than the reference.</exception>
    public DriftObservation Observe(DateTimeOffset recordedAt, FeatureMatrix? logMel, double? score, InputHealth? health)
    {
        bool inputProblem = health is not null && HasInputProblem(health);
        double value = score is double s && double.IsFinite(s) ? s : double.NaN;
        bool anomalous = !double.IsNaN(value) && value > Threshold;
        if (logMel is null || logMel.Rows == 0)
        {
            return new DriftObservation(recordedAt, value, anomalous, inputProblem || double.IsNaN(value), null, null, 0);
        }

        if (logMel.Columns != BandCount)
        {
            throw new ArgumentException($"The log-mel matrix has {logMel.Columns} bands; the drift reference {BandCount}.", nameof(logMel));
        }

        var means = new float[BandCount];
        var bins = new ushort[BandCount * BinCount];
        int rows = Math.Min(logMel.Rows, ushort.MaxValue);
        int edgeCount = BinCount - 1;
        ReadOnlySpan<double> edges = _edges;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = logMel.Row(r);
            for (int b = 0; b < BandCount; b++)
            {
                float x = row[b];
                means[b] += x;
                // The bin is the number of training quantiles at or below x (a linear scan: 9 edges beat a binary search).
                ReadOnlySpan<double> bandEdges = edges.Slice(b * edgeCount, edgeCount);
                int bin = 0;
                while (bin < edgeCount && x >= bandEdges[bin])
                {
                    bin++;
                }

                bins[(b * BinCount) + bin]++;
            }
        }

        for (int b = 0; b < BandCount; b++)
        {
            means[b] /= rows;
        }

        return new DriftObservation(recordedAt, value, anomalous, inputProblem, means, bins, rows);
    }

    /// <summary>
    /// Whether the input checks show a fault of the recording chain: an unfit clip, or a dead or duplicated channel,
    /// clipping, or a sample-rate mismatch. A level difference is not one: a quieter microphone is environmental drift.
    /// </summary>
    public static bool HasInputProblem(InputHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        foreach (HealthProblem problem in health.Problems)
        {
            if (problem.Severity == HealthSeverity.Unfit && problem.Check != HealthCheck.Level)
            {
                return true;
            }

            if (problem.Check is HealthCheck.DeadChannel or HealthCheck.DuplicateChannel or HealthCheck.Clipping or HealthCheck.SampleRate)
            {
                return true;
            }
        }

        return false;
    }
}
