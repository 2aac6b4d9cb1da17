namespace Auscult.Benchmarks;

/// <summary>Deterministic test signals for the benchmarks.</summary>
internal static class BenchSignals
{
    /// <summary>Seeded uniform noise in [-0.5, 0.5) plus a 1 kHz tone: a stand-in for a machine recording.</summary>
    public static float[] Noise(int length, int seed = 42)
    {
        var random = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)(random.NextDouble() - 0.5 + (0.3 * Math.Sin(2 * Math.PI * 1000.0 * i / 16000)));
        }

        return x;
    }
}
