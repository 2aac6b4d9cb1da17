using Auscult.Audio;

namespace Auscult.Tests.TestSupport;

/// <summary>
/// Machine-like test audio shared by the test projects (linked into them): a 120 Hz hum with its first harmonic and
/// noise; the anomaly is a loud 3 kHz whine over part or all of it.
/// </summary>
public static class HumAudio
{
    public const int Rate = 16_000;

    /// <summary>A hum of <paramref name="seconds"/>, whining throughout when <paramref name="whine"/>.</summary>
    public static AudioClip Hum(int seed, bool whine = false, double seconds = 1) =>
        whine ? Recording(seconds, 0, double.PositiveInfinity, seed, $"clip{seed}.wav") : Recording(seconds, seed: seed, name: $"clip{seed}.wav");

    /// <summary>A hum whining from <paramref name="whineFrom"/> to <paramref name="whineTo"/> seconds.</summary>
    public static AudioClip Recording(double seconds, double whineFrom = 0, double whineTo = 0, int seed = 60, string? name = null)
    {
        var random = new Random(seed);
        var x = new float[(int)Math.Round(seconds * Rate)];
        for (int i = 0; i < x.Length; i++)
        {
            double t = (double)i / Rate;
            double v = (0.1 * Math.Sin(2 * Math.PI * 120 * t)) + (0.05 * Math.Sin(2 * Math.PI * 240 * t)) + (0.02 * ((random.NextDouble() * 2) - 1));
            x[i] = (float)(v + (t >= whineFrom && t < whineTo ? 0.2 * Math.Sin(2 * Math.PI * 3000 * t) : 0));
        }

        return AudioClip.Mono(x, Rate, name);
    }

    /// <summary>A clip as 16-bit WAV bytes.</summary>
    public static byte[] Wav(AudioClip clip)
    {
        using var stream = new MemoryStream();
        WavWriter.Write(stream, clip);
        return stream.ToArray();
    }
}
