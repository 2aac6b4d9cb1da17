namespace Auscult.Audio;

/// <summary>
/// The most recently used <see cref="Resampler"/> plans, bounded by count and by the bytes of their filter taps, and
/// safe to share between threads. A plan for an odd rate pair such as 44101 to 16000 Hz holds megabytes of taps, so
/// an unbounded cache in a long-running service grows with every distinct rate it is sent.
/// </summary>
internal sealed class ResamplerCache
{
    private readonly object _gate = new();
    private readonly Dictionary<(int From, int To), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = []; // most recently used first
    private long _bytes;

    /// <param name="maxPlans">The most plans kept.</param>
    /// <param name="maxBytes">The most tap bytes kept; a plan larger than this is handed out but not kept.</param>
    public ResamplerCache(int maxPlans, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPlans, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 0);
        MaxPlans = maxPlans;
        MaxBytes = maxBytes;
    }

    public int MaxPlans { get; }

    public long MaxBytes { get; }

    /// <summary>Plans kept now (including any still being built).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Tap bytes of the plans kept now.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>The plan for a rate pair, built on first use; threads asking at the same moment share one build.</summary>
    public Resampler Get(int fromSampleRate, int toSampleRate)
    {
        var key = (fromSampleRate, toSampleRate);
        LinkedListNode<Entry> node;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var found))
            {
                node = found;
                _recency.Remove(node);
                _recency.AddFirst(node);
            }
            else
            {
                node = _recency.AddFirst(new Entry(key, new Lazy<Resampler>(() => new Resampler(key.fromSampleRate, key.toSampleRate))));
                _entries.Add(key, node);
            }
        }

        // Built outside the lock: a large plan takes a noticeable time and must not hold up the other rate pairs.
        Resampler plan;
        try
        {
            plan = node.Value.Plan.Value;
        }
        catch
        {
            lock (_gate)
            {
                Remove(node);
            }

            throw;
        }

        lock (_gate)
        {
            if (node.List is not null && node.Value.Bytes == 0)
            {
                node.Value.Bytes = plan.PlanBytes;
                _bytes += plan.PlanBytes;
            }

            Trim(keep: node);
        }

        return plan;
    }

    /// <summary>Drops least recently used plans until both bounds hold; <paramref name="keep"/> stays unless it alone is too large.</summary>
    private void Trim(LinkedListNode<Entry> keep)
    {
        while (_entries.Count > MaxPlans || _bytes > MaxBytes)
        {
            var oldest = _recency.Last!;
            if (oldest == keep)
            {
                if (_bytes > MaxBytes)
                {
                    Remove(keep);
                }

                return;
            }

            Remove(oldest);
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        if (node.List is null)
        {
            return;
        }

        _recency.Remove(node);
        _entries.Remove(node.Value.Key);
        _bytes -= node.Value.Bytes;
    }

    private sealed class Entry((int From, int To) key, Lazy<Resampler> plan)
    {
        public (int From, int To) Key { get; } = key;

        public Lazy<Resampler> Plan { get; } = plan;

        /// <summary>Counted once the plan is built; 0 before.</summary>
        public long Bytes { get; set; }
    }
}
