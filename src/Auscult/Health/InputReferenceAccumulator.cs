namespace Auscult.Health;

/// <summary>
/// Builds an <see cref="InputReference"/> from the input health of a model's training clips, one clip at a time,
/// without keeping the clips. Thread-safe: clips decoded on several threads may be added concurrently.
/// </summary>
public sealed class InputReferenceAccumulator
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, int> _sampleRates = [];
    private readonly Dictionary<int, int> _channelCounts = [];
    private readonly Dictionary<long, int> _durations = [];
    private int _clips;
    private int _levels;
    private double _meanDbfs;
    private double _m2;
    private double _minDbfs = double.PositiveInfinity;
    private double _maxDbfs = double.NegativeInfinity;

    /// <summary>Clips added.</summary>
    public int ClipCount
    {
        get
        {
            lock (_lock)
            {
                return _clips;
            }
        }
    }

    /// <summary>Adds one clip's measurements. A clip of digital silence (level -infinity) counts for rate and duration, not level.</summary>
    public void Add(InputHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        lock (_lock)
        {
            _clips++;
            Increment(_sampleRates, health.SampleRate);
            Increment(_channelCounts, health.ChannelCount);
            Increment(_durations, health.Duration.Ticks);
            double level = health.RmsDbfs;
            if (double.IsFinite(level))
            {
                // Welford's running mean and squared deviations of the per-clip levels.
                _levels++;
                double delta = level - _meanDbfs;
                _meanDbfs += delta / _levels;
                _m2 += delta * (level - _meanDbfs);
                _minDbfs = Math.Min(_minDbfs, level);
                _maxDbfs = Math.Max(_maxDbfs, level);
            }
        }
    }

    /// <summary>
    /// The reference: the most common sample rate and channel count (the lowest on a tie), the median duration, and
    /// the mean, spread and extremes of the clips' levels; null when no clip with a finite level was added.
    /// </summary>
    public InputReference? ToReference()
    {
        lock (_lock)
        {
            if (_levels == 0)
            {
                return null;
            }

            return new InputReference(MostCommon(_sampleRates), TimeSpan.FromTicks(Median(_durations, _clips)), _meanDbfs, _clips,
                Math.Sqrt(_m2 / _levels), _minDbfs, _maxDbfs, MostCommon(_channelCounts));
        }
    }

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static int MostCommon(Dictionary<int, int> counts) =>
        counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key).First().Key;

    /// <summary>The lower median (an actual clip's duration, not an average of two).</summary>
    private static long Median(Dictionary<long, int> counts, int total)
    {
        int seen = 0;
        foreach (var (ticks, count) in counts.OrderBy(p => p.Key))
        {
            seen += count;
            if (2 * seen >= total)
            {
                return ticks;
            }
        }

        return 0;
    }
}
