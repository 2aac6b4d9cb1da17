namespace Auscult.Audio;

/// <summary>Sample encodings <see cref="WavWriter"/> can write.</summary>
public enum WavSampleFormat
{
    /// <summary>16-bit signed PCM (MIMII's and DCASE's format); values are rounded and clipped to int16.</summary>
    Pcm16,

    /// <summary>32-bit IEEE float; lossless for float32 samples.</summary>
    Float32,
}
