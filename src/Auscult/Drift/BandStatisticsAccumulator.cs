using Auscult.Features;

namespace Auscult.Drift;

/// <summary>
/// Accumulates <see cref="BandStatistics"/> in one pass over log-mel frames, clip by clip, without keeping the frames:
/// per band, Welford's running mean and variance and a fixed histogram for the quantiles. Feed it training clips once,
/// or recent clips as they arrive; <see cref="Merge"/> joins accumulators filled on different threads.
/// </summary>
/// <remarks>
/// The histogram covers <see cref="HistogramMinimum"/> to <see cref="HistogramMaximum"/> in bins of
/// <see cref="HistogramResolution"/>: every log-mel value the built-in log scales produce (the DCASE scale floors at
/// 10 log10(2.2e-16) = -156.5 dB; a full-scale tone stays under +60 dB; the AWS scale lies in [-80, 0]). A value outside
/// the range is counted in the nearest end bin; extremes are tracked exactly, and quantiles never leave them. A
/// quantile is within one bin width (0.1 dB) of numpy's <c>quantile</c> (linear interpolation between order
/// statistics): each order statistic is placed inside its own bin, values spread evenly across the bin.
/// Memory: <c>bands x 3,000</c> counts (1.5 MB for 128 bands). Not thread-safe: one accumulator per thread, then
/// <see cref="Merge"/>.
/// </remarks>
public sealed class BandStatisticsAccumulator
{
    /// <summary>Lower edge of the histogram, in dB.</summary>
    public const double HistogramMinimum = -200;

    /// <summary>Upper edge of the histogram, in dB.</summary>
    public const double HistogramMaximum = 100;

    /// <summary>Width of one histogram bin, in dB: the resolution of the quantiles.</summary>
    public const double HistogramResolution = 0.1;

    /// <summary>Bins per band.</summary>
    public const int BinCount = (int)((HistogramMaximum - HistogramMinimum) / HistogramResolution);

    private readonly double[] _mean;
    private readonly double[] _m2;
    private readonly double[] _min;
    private readonly double[] _max;
    private readonly int[] _counts;

    /// <param name="bandCount">Mel bands per frame (the columns of the log-mel matrices).</param>
    public BandStatisticsAccumulator(int bandCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bandCount, 1);
        BandCount = bandCount;
        _mean = new double[bandCount];
        _m2 = new double[bandCount];
        _min = new double[bandCount];
        _max = new double[bandCount];
        Array.Fill(_min, double.PositiveInfinity);
        Array.Fill(_max, double.NegativeInfinity);
        _counts = new int[checked(bandCount * BinCount)];
    }

    /// <summary>Mel bands per frame.</summary>
    public int BandCount { get; }

    /// <summary>Clips added (each <see cref="Add(FeatureMatrix)"/> counts one).</summary>
    public int ClipCount { get; private set; }

    /// <summary>Frames added.</summary>
    public long FrameCount { get; private set; }

    /// <summary>Adds every frame (row) of one clip's log-mel matrix [frames x mel bands].</summary>
    /// <exception cref="ArgumentException">The matrix has another number of bands, or holds a NaN or infinite value.</exception>
    public void Add(FeatureMatrix logMel)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        if (logMel.Columns != BandCount)
        {
            throw new ArgumentException($"The log-mel matrix has {logMel.Columns} bands; the accumulator counts {BandCount}.", nameof(logMel));
        }

        // Checked whole before anything is counted, so a refused clip leaves the accumulator as it was.
        RequireFinite(logMel.Data, nameof(logMel));
        RequireRoom(logMel.Rows);
        for (int row = 0; row < logMel.Rows; row++)
        {
            Count(logMel.Row(row));
        }

        ClipCount++;
    }

    /// <summary>Adds one frame: one value per mel band.</summary>
    /// <exception cref="ArgumentException">The frame has another length, or holds a NaN or infinite value.</exception>
    public void AddFrame(ReadOnlySpan<float> frame)
    {
        if (frame.Length != BandCount)
        {
            throw new ArgumentException($"The frame has {frame.Length} bands; the accumulator counts {BandCount}.", nameof(frame));
        }

        RequireFinite(frame, nameof(frame));
        RequireRoom(1);
        Count(frame);
    }

    private void Count(ReadOnlySpan<float> frame)
    {
        long n = ++FrameCount;
        for (int b = 0; b < frame.Length; b++)
        {
            double x = frame[b];
            // Welford: the running mean and the sum of squared deviations, stable where sum-of-squares is not.
            double delta = x - _mean[b];
            _mean[b] += delta / n;
            _m2[b] += delta * (x - _mean[b]);
            _min[b] = Math.Min(_min[b], x);
            _max[b] = Math.Max(_max[b], x);
            _counts[(b * BinCount) + Bin(x)]++;
        }
    }

    /// <summary>Adds everything <paramref name="other"/> counted (Chan et al.'s pairwise update of mean and variance).</summary>
    /// <exception cref="ArgumentException">The other accumulator counts another number of bands.</exception>
    public void Merge(BandStatisticsAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.BandCount != BandCount)
        {
            throw new ArgumentException($"The other accumulator counts {other.BandCount} bands; this one {BandCount}.", nameof(other));
        }

        if (other.FrameCount == 0)
        {
            ClipCount += other.ClipCount;
            return;
        }

        long na = FrameCount, nb = other.FrameCount, n = checked(na + nb);
        if (n > int.MaxValue)
        {
            throw new InvalidOperationException($"Together the accumulators hold {n:N0} frames, more than one counts.");
        }

        for (int b = 0; b < BandCount; b++)
        {
            double delta = other._mean[b] - _mean[b];
            _mean[b] += delta * nb / n;
            _m2[b] += other._m2[b] + (delta * delta * na * nb / n);
            _min[b] = Math.Min(_min[b], other._min[b]);
            _max[b] = Math.Max(_max[b], other._max[b]);
        }

        for (int i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        FrameCount = n;
        ClipCount += other.ClipCount;
    }

    /// <summary>The statistics of everything added so far.</summary>
    /// <param name="probabilities">Quantile probabilities in [0, 1]; default <see cref="BandStatistics.DefaultProbabilities"/>.</param>
    /// <exception cref="InvalidOperationException">No frame has been added.</exception>
    public BandStatistics ToStatistics(IReadOnlyList<double>? probabilities = null)
    {
        probabilities ??= BandStatistics.DefaultProbabilities;
        if (FrameCount == 0)
        {
            throw new InvalidOperationException("No log-mel frame has been added.");
        }

        if (probabilities.Any(p => !(p is >= 0 and <= 1)))
        {
            throw new ArgumentOutOfRangeException(nameof(probabilities), "Quantile probabilities lie in [0, 1].");
        }

        double[] sorted = [.. probabilities.Order()];
        var bands = new BandSummary[BandCount];
        for (int b = 0; b < BandCount; b++)
        {
            var quantiles = new double[sorted.Length];
            for (int q = 0; q < sorted.Length; q++)
            {
                // numpy's linear method: the order statistics at floor and ceiling of p (n - 1), interpolated.
                double rank = sorted[q] * (FrameCount - 1);
                long below = (long)Math.Floor(rank);
                long above = Math.Min(below + 1, FrameCount - 1);
                double low = OrderStatistic(b, below), high = OrderStatistic(b, above);
                // The quantiles are estimates at a 0.1-dB resolution: more digits would only pretend.
                quantiles[q] = Math.Round(low + ((rank - below) * (high - low)), 3);
            }

            bands[b] = new BandSummary(_mean[b], Math.Sqrt(Math.Max(0, _m2[b] / FrameCount)), _min[b], _max[b], quantiles);
        }

        return new BandStatistics(ClipCount, FrameCount, HistogramResolution, sorted, bands);
    }

    /// <summary>The estimated i-th smallest value of band <paramref name="band"/> (0-based): inside its bin, values spread evenly.</summary>
    private double OrderStatistic(int band, long index)
    {
        if (index <= 0)
        {
            return _min[band];
        }

        if (index >= FrameCount - 1)
        {
            return _max[band];
        }

        ReadOnlySpan<int> counts = _counts.AsSpan(band * BinCount, BinCount);
        long before = 0;
        for (int bin = 0; bin < counts.Length; bin++)
        {
            int count = counts[bin];
            if (index < before + count)
            {
                double lower = HistogramMinimum + (bin * HistogramResolution);
                double estimate = lower + ((index - before + 0.5) / count * HistogramResolution);
                return Math.Clamp(estimate, _min[band], _max[band]);
            }

            before += count;
        }

        return _max[band];
    }

    private static void RequireFinite(ReadOnlySpan<float> values, string name)
    {
        foreach (float value in values)
        {
            if (!float.IsFinite(value))
            {
                throw new ArgumentException("A log-mel value is NaN or infinite.", name);
            }
        }
    }

    private void RequireRoom(int frames)
    {
        // The bin counts are ints: 2^31 frames is about two years of audio at a 32-ms hop.
        if (FrameCount + frames > int.MaxValue)
        {
            throw new InvalidOperationException($"The accumulator holds {FrameCount:N0} frames; it counts at most {int.MaxValue:N0}.");
        }
    }

    private static int Bin(double value) =>
        Math.Clamp((int)Math.Floor((value - HistogramMinimum) / HistogramResolution), 0, BinCount - 1);
}
