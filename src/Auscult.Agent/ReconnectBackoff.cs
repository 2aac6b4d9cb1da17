namespace Auscult.Agent;

/// <summary>
/// Exponential back-off with equal jitter: attempt n waits between half and all of
/// <c>min(Maximum, Initial * 2^n)</c>, so many devices that lost the same broker do not all return at the same instant.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly Random _random;
    private int _attempt;

    /// <param name="initial">The first wait's upper bound; default 1 s.</param>
    /// <param name="maximum">The largest wait; default 60 s.</param>
    /// <param name="random">The jitter's source (seed it in tests); default <see cref="Random.Shared"/>.</param>
    public ReconnectBackoff(TimeSpan? initial = null, TimeSpan? maximum = null, Random? random = null)
    {
        Initial = initial ?? TimeSpan.FromSeconds(1);
        Maximum = maximum ?? TimeSpan.FromSeconds(60);
        if (Initial <= TimeSpan.Zero || Maximum < Initial)
        {
            throw new ConfigurationException($"back-off: the initial wait ({Initial}) must be positive and at most the maximum ({Maximum}).");
        }

        _random = random ?? Random.Shared;
    }

    public TimeSpan Initial { get; }

    public TimeSpan Maximum { get; }

    /// <summary>Failures since the last success.</summary>
    public int Attempt => _attempt;

    /// <summary>The wait before the next attempt; each call counts one more failure.</summary>
    public TimeSpan Next()
    {
        double cap = Math.Min(Maximum.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30)));
        _attempt++;
        return TimeSpan.FromMilliseconds(cap / 2 + _random.NextDouble() * cap / 2);
    }

    /// <summary>After a success: the next failure waits the initial time again.</summary>
    public void Reset() => _attempt = 0;
}
