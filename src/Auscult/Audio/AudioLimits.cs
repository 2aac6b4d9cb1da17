namespace Auscult.Audio;

/// <summary>
/// The bounds within which <see cref="AudioLoader"/> accepts a recording. They are checked against the header, before
/// any sample is decoded or resampled, so a hostile or corrupt file cannot make the loader allocate without bound.
/// </summary>
public static class AudioLimits
{
    /// <summary>The lowest sample rate (Hz) Auscult resamples from: 1 kHz.</summary>
    /// <remarks>
    /// Below 1 kHz a recording holds nothing above 500 Hz, which no microphone or vibration sensor Auscult serves
    /// delivers (telephony's 8 kHz is the lowest common audio rate). A header at 1 or 2 Hz is corruption, and
    /// resampling it to 16 kHz multiplies the samples 16,000-fold: an 8 KB file at 2 Hz became a 320 MB matrix.
    /// </remarks>
    public const int MinSampleRate = 1_000;

    /// <summary>The highest sample rate (Hz) Auscult resamples from: 768 kHz.</summary>
    /// <remarks>
    /// 768 kHz is the highest rate common audio interfaces offer (ultrasonic measurement microphones stay below it).
    /// Higher rates make the anti-aliasing filter, whose length grows with the input rate, impractically long.
    /// </remarks>
    public const int MaxSampleRate = 768_000;

    /// <summary>
    /// The most samples a recording may hold, all channels counted (channels x frames), and the most samples its
    /// selected channel may have after resampling: 2^28, i.e. 1 GiB of float32.
    /// </summary>
    /// <remarks>
    /// Feature extraction holds the whole clip in memory; 2^28 samples are 4.6 hours of mono audio at 16 kHz or 35
    /// minutes of 8-channel audio, far beyond the seconds-long clips anomaly detection works on.
    /// </remarks>
    public const int MaxSamples = 1 << 28;

    /// <summary>The largest sample magnitude accepted: 2^20, about 120 dB above full scale (1.0).</summary>
    /// <remarks>
    /// Float WAV may exceed full scale, and some tools store integer-valued floats (up to 32768), so the bound is
    /// generous. It exists because a power spectrum squares sums of up to an FFT's length of samples: samples near
    /// float's maximum (3.4e38, found by fuzzing) overflow to infinite features that compare as "not anomalous".
    /// </remarks>
    public const float MaxSampleMagnitude = 1 << 20;
}
