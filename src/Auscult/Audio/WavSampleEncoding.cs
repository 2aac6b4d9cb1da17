namespace Auscult.Audio;

/// <summary>How one stored sample is laid out; decides the decoder and the scaling to [-1, 1).</summary>
internal enum WavSampleEncoding
{
    /// <summary>Unsigned 8-bit PCM, (x - 128) / 128.</summary>
    UInt8,

    /// <summary>Signed 16-bit PCM, x / 2^15.</summary>
    Int16,

    /// <summary>Signed 24-bit PCM (3 bytes), x / 2^23.</summary>
    Int24,

    /// <summary>Signed 32-bit PCM, x / 2^31 (rounded to float32 first, as libsndfile does).</summary>
    Int32,

    /// <summary>IEEE float, copied.</summary>
    Float32,

    /// <summary>IEEE double, rounded to the nearest float32.</summary>
    Float64,
}
