using Auscult.Audio;
using Auscult.Tests.TestSupport;

namespace Auscult.Server.Tests.TestSupport;

/// <summary>Machine-like test clips as WAV bytes (<see cref="HumAudio"/>): a hum; the anomaly adds a loud 3 kHz whine.</summary>
internal static class TestAudio
{
    public const int Rate = HumAudio.Rate;

    public static AudioClip Hum(int seed, bool whine = false, double seconds = 1) => HumAudio.Hum(seed, whine, seconds);

    public static byte[] Wav(AudioClip clip) => HumAudio.Wav(clip);

    public static byte[] NormalWav(int seed) => Wav(Hum(seed));

    public static byte[] AnomalousWav(int seed) => Wav(Hum(seed, whine: true));

    public static byte[] SilentWav() => Wav(AudioClip.Mono(new float[Rate], Rate, "silence.wav"));
}
