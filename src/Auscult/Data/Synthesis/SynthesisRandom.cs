namespace Auscult.Data.Synthesis;

/// <summary>
/// xoshiro256** seeded through SplitMix64 (Blackman and Vigna). Our own generator rather than <see cref="Random"/>,
/// whose algorithm is not a documented contract: the same seed must give the same clip on every runtime.
/// </summary>
internal sealed class SynthesisRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private ulong _s0, _s1, _s2, _s3;
    private bool _hasSpare;
    private double _spare;

    public SynthesisRandom(ulong seed)
    {
        ulong state = seed;
        _s0 = SplitMix(ref state);
        _s1 = SplitMix(ref state);
        _s2 = SplitMix(ref state);
        _s3 = SplitMix(ref state);
    }

    /// <summary>
    /// Hashes the parts into one seed. Each part goes through the SplitMix64 finaliser together with its position, so
    /// (1, 2) and (2, 1) differ and a clip's seed depends only on what identifies it, not on generation order.
    /// </summary>
    public static ulong Hash(params ReadOnlySpan<ulong> parts)
    {
        ulong h = 0x243F6A8885A308D3; // pi's fraction: any fixed non-zero start
        for (int i = 0; i < parts.Length; i++)
        {
            h = Finalize(h ^ Finalize(parts[i] + (Golden * (ulong)(i + 1))));
        }

        return h;
    }

    /// <summary>A generator for an independent sub-stream of <paramref name="seed"/> (machine variation, noise, fault, ...).</summary>
    public static SynthesisRandom Stream(ulong seed, ulong stream) => new(Hash(seed, stream));

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Uniform in [-1, 1) as float: cheap white noise (variance 1/3); filtering makes it Gaussian-like.</summary>
    public float NextSigned() => (float)((long)NextUInt64() * (1.0 / 9223372036854775808.0));

    /// <summary>Uniform integer in [0, count).</summary>
    public int NextInt(int count) => (int)(((NextUInt64() >> 32) * (ulong)count) >> 32);

    /// <summary>Standard normal (Box-Muller, the spare value cached).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        double u1 = 1.0 - NextDouble(); // (0, 1]: log stays finite
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = radius * Math.Sin(2 * Math.PI * u2);
        _hasSpare = true;
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>An exponential waiting time (s) of a Poisson process with <paramref name="ratePerSecond"/> events per second.</summary>
    public double NextExponential(double ratePerSecond) => -Math.Log(1.0 - NextDouble()) / ratePerSecond;

    /// <summary>+1 or -1 with equal probability.</summary>
    public double NextSign() => (NextUInt64() >> 63) == 0 ? 1.0 : -1.0;

    private static ulong SplitMix(ref ulong state)
    {
        state += Golden;
        return Finalize(state);
    }

    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
