using System.Security.Cryptography;
using System.Text.Json;

namespace Auscult.Bundles;

/// <summary>
/// A model bundle's bytes read and checked at the file level, for every reader of bundles: the size limit, the zip
/// structure and its limits, every entry's CRC-32, the presence of <c>manifest.json</c> and <c>weights.bin</c>, the
/// manifest's format version and model kind. What the manifest and the weights mean is up to the reader that builds
/// the model (TorchSharp's <c>ModelBundle</c>, or <see cref="Scoring.ManagedAutoencoder"/>).
/// </summary>
public sealed class BundleContents
{
    private BundleContents(string shown, string identity, byte[] manifest, byte[] weights, int formatVersion, string? kind)
    {
        Shown = shown;
        Identity = identity;
        ManifestJson = manifest;
        Weights = weights;
        FormatVersion = formatVersion;
        Kind = kind;
    }

    /// <summary>The bundle's name as messages show it (control characters escaped, length capped).</summary>
    public string Shown { get; }

    /// <summary>The SHA-256 of the bundle's bytes, lower-case hex: the model's identity wherever a score refers to it.</summary>
    public string Identity { get; }

    /// <summary>The decompressed, checksum-verified <c>manifest.json</c>.</summary>
    public ReadOnlyMemory<byte> ManifestJson { get; }

    /// <summary>The decompressed, checksum-verified <c>weights.bin</c> (the state-dict format of <see cref="WeightsFile"/>).</summary>
    public byte[] Weights { get; }

    /// <summary>The manifest's <c>formatVersion</c>, within <see cref="BundleFormat.OldestReadableVersion"/> to <see cref="BundleFormat.CurrentVersion"/>.</summary>
    public int FormatVersion { get; }

    /// <summary>
    /// The manifest's <c>modelKind</c>: <see cref="BundleFormat.AutoencoderKind"/> or <see cref="BundleFormat.ClassifierKind"/>;
    /// null when it is absent or not a string (the model's reader refuses that, naming the field).
    /// </summary>
    public string? Kind { get; }

    /// <summary>Reads the bundle file at <paramref name="path"/>.</summary>
    /// <exception cref="ModelException">The file is missing, unreadable, over a limit, damaged or not a bundle; the message names it.</exception>
    public static BundleContents Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string shown = BundleText.Safe(path, maxLength: 1024);
        if (!File.Exists(path))
        {
            throw new ModelException($"Model bundle '{shown}' does not exist.");
        }

        byte[] bytes;
        try
        {
            using var file = File.OpenRead(path);
            bytes = BundleBytes.Read(file, shown);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelException(BundleText.SafeMessage($"Model bundle '{shown}' cannot be read: {BundleText.Safe(ex.Message, 300)}"), ex);
        }

        return Parse(bytes, shown);
    }

    /// <summary>Reads a bundle from <paramref name="source"/> (it need not seek) to its end, at most <see cref="BundleLimits.MaxFileBytes"/>.</summary>
    /// <param name="source">The bundle's bytes; left open.</param>
    /// <param name="name">What messages call the bundle.</param>
    /// <exception cref="ModelException">The bytes are not a valid bundle or over the limit; the message names <paramref name="name"/>.</exception>
    public static BundleContents Read(Stream source, string name)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(name);
        string shown = BundleText.Safe(name, maxLength: 1024);
        byte[] bytes;
        try
        {
            bytes = BundleBytes.Read(source, shown);
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException or ObjectDisposedException)
        {
            throw new ModelException(BundleText.SafeMessage($"Model bundle '{shown}' cannot be read: {BundleText.Safe(ex.Message, 300)}"), ex);
        }

        return Parse(bytes, shown);
    }

    /// <summary>As <see cref="Read(Stream, string)"/>, reading asynchronously (a web server forbids synchronous reads of a request body).</summary>
    public static async Task<BundleContents> ReadAsync(Stream source, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(name);
        string shown = BundleText.Safe(name, maxLength: 1024);
        byte[] bytes;
        try
        {
            bytes = await BundleBytes.ReadAsync(source, shown, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException or ObjectDisposedException)
        {
            throw new ModelException(BundleText.SafeMessage($"Model bundle '{shown}' cannot be read: {BundleText.Safe(ex.Message, 300)}"), ex);
        }

        return Parse(bytes, shown);
    }

    /// <summary>Checks a bundle's bytes, already within <see cref="BundleLimits.MaxFileBytes"/>.</summary>
    /// <param name="bytes">The whole bundle.</param>
    /// <param name="shown">Its name as messages show it (already made safe).</param>
    /// <exception cref="ModelException">The bytes are not a valid bundle of a readable format and a known kind.</exception>
    internal static BundleContents Parse(byte[] bytes, string shown)
    {
        try
        {
            var archive = BundleArchive.Read(bytes, shown);
            byte[] manifest = archive.Entries.GetValueOrDefault(BundleArchive.ManifestEntry)
                ?? throw new ModelException($"Model bundle '{shown}' has no {BundleArchive.ManifestEntry}: the file is incomplete or not a model bundle.");
            byte[] weights = archive.Entries.GetValueOrDefault(BundleArchive.WeightsEntry)
                ?? throw new ModelException($"Model bundle '{shown}' has no {BundleArchive.WeightsEntry}: the file is incomplete or not a model bundle.");
            var (version, kind) = ReadHeader(manifest, shown);
            return new BundleContents(shown, Convert.ToHexStringLower(SHA256.HashData(bytes)), manifest, weights, version, kind);
        }
        catch (ModelException)
        {
            throw;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or JsonException or ArgumentException
            or InvalidOperationException or NotSupportedException or FormatException or OverflowException)
        {
            throw new ModelException(
                BundleText.SafeMessage($"Model bundle '{shown}' is damaged or not a model bundle: {BundleText.Safe(ex.Message, 300)}"), ex);
        }
    }

    /// <summary>The format version and the model kind: they decide how the rest is read, so they are checked first.</summary>
    private static (int Version, string? Kind) ReadHeader(byte[] manifest, string shown)
    {
        using var document = JsonDocument.Parse(manifest);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("formatVersion", out var version) || version.ValueKind != JsonValueKind.Number)
        {
            throw new ModelException($"Model bundle '{shown}' has no format version in its {BundleArchive.ManifestEntry}.");
        }

        if (!version.TryGetInt32(out int formatVersion) || formatVersion is < BundleFormat.OldestReadableVersion or > BundleFormat.CurrentVersion)
        {
            throw new ModelException(BundleText.SafeMessage(
                $"Model bundle '{shown}' has format version {BundleText.Safe(version.GetRawText(), 40)}; this Auscult reads format versions {BundleFormat.OldestReadableVersion} to {BundleFormat.CurrentVersion}."));
        }

        string? kind = null;
        if (root.TryGetProperty("modelKind", out var kindElement) && kindElement.ValueKind == JsonValueKind.String)
        {
            kind = kindElement.GetString()!;
            if (kind is not (BundleFormat.AutoencoderKind or BundleFormat.ClassifierKind))
            {
                throw new ModelException(BundleText.SafeMessage(
                    $"Model bundle '{shown}' holds a '{BundleText.Safe(kind)}' model; this Auscult reads '{BundleFormat.AutoencoderKind}' and '{BundleFormat.ClassifierKind}' models."));
            }
        }

        return (formatVersion, kind);
    }
}
