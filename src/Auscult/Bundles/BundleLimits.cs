namespace Auscult.Bundles;

/// <summary>
/// The largest bundle <see cref="BundleContents.Read(string)"/> (and so every bundle reader) accepts. A bundle is checked against these before anything is
/// decompressed in full or any model is built, so a damaged or hostile file costs at most a bounded amount of memory
/// and time. Each limit is far above what any built-in preset or classifier search writes (the DCASE 2020 autoencoder
/// has 0.27 M parameters in a 1 MB bundle).
/// </summary>
public static class BundleLimits
{
    /// <summary>Largest bundle file: 128 MiB.</summary>
    public const long MaxFileBytes = 128L * 1024 * 1024;

    /// <summary>Most zip entries: 16 (a bundle has two; a few more are tolerated for later formats).</summary>
    public const int MaxEntries = 16;

    /// <summary>Largest decompressed <c>manifest.json</c>: 4 MiB (a long classifier search writes about 100 KB).</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    /// <summary>Largest decompressed <c>weights.bin</c>, or any other entry: 80 MiB (<see cref="MaxParameterCount"/> floats plus names and buffers).</summary>
    public const int MaxWeightsBytes = 80 * 1024 * 1024;

    /// <summary>
    /// Largest sum of all entries' decompressed sizes: <see cref="MaxManifestBytes"/> + <see cref="MaxWeightsBytes"/>,
    /// so that extra entries cannot multiply the per-entry limit.
    /// </summary>
    public const long MaxTotalBytes = (long)MaxManifestBytes + MaxWeightsBytes;

    /// <summary>Most trainable parameters the manifest may imply: 16 M (64 MiB of float32).</summary>
    public const long MaxParameterCount = 16L * 1024 * 1024;

    /// <summary>Most tensors in <c>weights.bin</c>: 1,024.</summary>
    public const int MaxTensorCount = 1024;

    /// <summary>Widest autoencoder layer (hidden or bottleneck): 16,384.</summary>
    public const int MaxLayerWidth = 16_384;

    /// <summary>Most autoencoder hidden layers on each side of the bottleneck: 16.</summary>
    public const int MaxHiddenLayers = 16;

    /// <summary>Most classifier convolution blocks: 8.</summary>
    public const int MaxConvolutionBlocks = 8;

    /// <summary>Most output channels of one classifier convolution block: 1,024.</summary>
    public const int MaxChannels = 1024;

    /// <summary>Largest classifier time pooling: 64 frames.</summary>
    public const int MaxTimePooling = 64;

    /// <summary>Most classifier classes: 256.</summary>
    public const int MaxClasses = 256;

    /// <summary>Most mel bands: 1,024.</summary>
    public const int MaxMelBands = 1024;

    /// <summary>Most context frames in one autoencoder input vector: 64.</summary>
    public const int MaxContextFrames = 64;

    /// <summary>Largest FFT size and hop length: 65,536 samples.</summary>
    public const int MaxFftSize = 65_536;

    /// <summary>Highest sample rate: 384 kHz.</summary>
    public const int MaxSampleRate = 384_000;

    /// <summary>Longest text field (names, methods, versions): 256 characters.</summary>
    public const int MaxTextLength = 256;

    /// <summary>Longest informational list (trials, loss histories, quantiles, class counts): 10,000 items.</summary>
    public const int MaxListLength = 10_000;
}
