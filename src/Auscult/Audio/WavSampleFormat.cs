namespace Auscult.Audio;

/// <summary>Sample encodings <see cref="WavWriter"/> can write.</summary>
public enum WavSampleFormat
{
    /// <summary>16-bit signed PCM (MIMII's and DCASE's format); <c>x * 32768</c> rounded to nearest (ties to even) and clipped to int16.</summary>
    Pcm16,

    /// <summary>32-bit IEEE float; lossless for float32 samples.</summary>
    Float32,

    /// <summary>24-bit signed PCM; <c>x * 8388608</c> rounded to nearest (ties to even) and clipped to the 24-bit range.</summary>
    Pcm24,

    /// <summary>64-bit IEEE float; lossless for float32 samples (each is widened exactly).</summary>
    Float64,
}
