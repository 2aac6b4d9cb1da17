using Auscult.Audio;

namespace Auscult.Server.Tests.TestSupport;

/// <summary>Machine-like test clips as WAV bytes: a 120 Hz hum with harmonics and noise; the anomaly adds a loud 3 kHz whine.</summary>
internal static class TestAudio
{
    public const int Rate = 16_000;

    public static AudioClip Hum(int seed, bool whine = false, double seconds = 1)
    {
        var random = new Random(seed);
        var x = new float[(int)(seconds * Rate)];
        for (int i = 0; i < x.Length; i++)
        {
            double t = (double)i / Rate;
            double v = (0.1 * Math.Sin(2 * Math.PI * 120 * t)) + (0.05 * Math.Sin(2 * Math.PI * 240 * t)) + (0.02 * ((random.NextDouble() * 2) - 1));
            x[i] = (float)(v + (whine ? 0.2 * Math.Sin(2 * Math.PI * 3000 * t) : 0));
        }

        return AudioClip.Mono(x, Rate, $"clip{seed}.wav");
    }

    public static byte[] Wav(AudioClip clip)
    {
        using var stream = new MemoryStream();
        WavWriter.Write(stream, clip);
        return stream.ToArray();
    }

    public static byte[] NormalWav(int seed) => Wav(Hum(seed));

    public static byte[] AnomalousWav(int seed) => Wav(Hum(seed, whine: true));

    public static byte[] SilentWav() => Wav(AudioClip.Mono(new float[Rate], Rate, "silence.wav"));
}
