namespace Auscult.Bundles;

/// <summary>The model bundle format versions this Auscult reads and writes, for every reader of bundles (TorchSharp's and the managed one).</summary>
public static class BundleFormat
{
    /// <summary>
    /// The format this version writes. 3: modes are enums written by name (the threshold method <c>gamma-quantile</c>
    /// reads as <c>gamma</c>), and <c>trainingData</c> records the input reference and per-band log-mel statistics.
    /// 2: a classifier bundle has no <c>architecture</c>; otherwise as 1.
    /// </summary>
    public const int CurrentVersion = 3;

    /// <summary>The oldest format this version reads (every one from it up to <see cref="CurrentVersion"/>).</summary>
    public const int OldestReadableVersion = 1;

    /// <summary>The manifest's <c>modelKind</c> of an autoencoder bundle.</summary>
    public const string AutoencoderKind = "autoencoder";

    /// <summary>The manifest's <c>modelKind</c> of a classifier bundle.</summary>
    public const string ClassifierKind = "classifier";
}
