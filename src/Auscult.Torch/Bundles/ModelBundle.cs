using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Auscult.Features;
using Auscult.Torch.Models;

namespace Auscult.Torch.Bundles;

/// <summary>
/// A trained model in one file: a zip holding <c>manifest.json</c> (<see cref="BundleManifest"/>) and
/// <c>weights.bin</c> (the TorchSharp state dict in its own binary format: named tensors, no pickle, no code).
/// </summary>
public sealed class ModelBundle : IDisposable
{
    /// <summary>The format this version writes and the only one it reads.</summary>
    public const int CurrentFormatVersion = 1;

    private const string ManifestEntry = "manifest.json";
    private const string WeightsEntry = "weights.bin";
    private const string AutoencoderKind = "autoencoder";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new ChannelSelectionJsonConverter() },
    };

    private readonly bool _ownsModel;

    private ModelBundle(BundleManifest manifest, AutoencoderModel model, bool ownsModel)
    {
        Manifest = manifest;
        Model = model;
        _ownsModel = ownsModel;
    }

    /// <summary>What <c>manifest.json</c> holds.</summary>
    public BundleManifest Manifest { get; }

    /// <summary>The model; owned by the bundle when it came from <see cref="Load"/>.</summary>
    public AutoencoderModel Model { get; }

    /// <summary>
    /// Describes <paramref name="model"/> for saving. The bundle does not take ownership of the model: dispose it (or
    /// the training result) yourself.
    /// </summary>
    /// <param name="model">The trained model.</param>
    /// <param name="trainingData">What it was trained on.</param>
    /// <param name="threshold">The decision threshold, when one has been chosen.</param>
    /// <param name="timeProvider">Source of <see cref="BundleManifest.CreatedUtc"/>; default the system clock.</param>
    public static ModelBundle Create(AutoencoderModel model, TrainingDataSummary trainingData, ThresholdSpec? threshold = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trainingData);
        var preset = model.Preset;
        var manifest = new BundleManifest
        {
            FormatVersion = CurrentFormatVersion,
            ModelKind = AutoencoderKind,
            Preset = preset.Name,
            Architecture = new ModelArchitecture(preset.InputSize, [.. preset.HiddenLayers], preset.Bottleneck, preset.BatchNorm),
            Features = preset.Features,
            Normalization = "none",
            Threshold = threshold,
            TrainingData = trainingData,
            Seed = model.Seed,
            Epochs = preset.Epochs,
            BatchSize = preset.BatchSize,
            LearningRate = preset.LearningRate,
            ValidationFraction = preset.ValidationFraction,
            Versions = CurrentVersions(),
            CreatedUtc = (timeProvider ?? TimeProvider.System).GetUtcNow(),
        };
        return new ModelBundle(manifest, model, ownsModel: false);
    }

    /// <summary>
    /// Writes the bundle to <paramref name="path"/> atomically: into a temporary file beside it, then renamed over it.
    /// A failure or cancellation leaves any previous file untouched and no partial file behind.
    /// </summary>
    public void Save(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                using (var manifest = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open())
                {
                    JsonSerializer.Serialize(manifest, Manifest, Json);
                }

                cancellationToken.ThrowIfCancellationRequested();

                // TorchSharp closes the stream it saves to, and a zip entry stream cannot seek: save into a buffer
                // (ToArray still works on a closed MemoryStream).
                var weights = new MemoryStream();
                Model.Module.save(weights);
                using var entry = zip.CreateEntry(WeightsEntry, CompressionLevel.Fastest).Open();
                entry.Write(weights.ToArray());
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Reads and validates a bundle; the returned bundle owns its model.</summary>
    /// <exception cref="AuscultException">The file is missing, not a bundle, of another format version, or damaged.</exception>
    public static ModelBundle Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new AuscultException($"Model bundle '{path}' does not exist.");
        }

        try
        {
            using var zip = ZipFile.OpenRead(path);
            var manifest = ReadManifest(zip, path);
            var weightsEntry = zip.GetEntry(WeightsEntry)
                ?? throw new AuscultException($"Model bundle '{path}' has no {WeightsEntry}: the file is incomplete or not a model bundle.");

            var preset = new AutoencoderPreset
            {
                Name = manifest.Preset,
                Features = manifest.Features,
                HiddenLayers = manifest.Architecture.HiddenLayers,
                Bottleneck = manifest.Architecture.Bottleneck,
                BatchNorm = manifest.Architecture.BatchNorm,
                Epochs = manifest.Epochs,
                BatchSize = manifest.BatchSize,
                LearningRate = manifest.LearningRate,
                ValidationFraction = manifest.ValidationFraction,
            };
            if (preset.InputSize != manifest.Architecture.InputSize)
            {
                throw new AuscultException($"Model bundle '{path}' is inconsistent: its features give {preset.InputSize} inputs, its architecture {manifest.Architecture.InputSize}.");
            }

            var model = new AutoencoderModel(preset, manifest.Seed);
            try
            {
                using var weights = new MemoryStream();
                using (var source = weightsEntry.Open())
                {
                    source.CopyTo(weights);
                }

                weights.Position = 0;
                model.Module.load(weights, strict: true);
                model.Module.eval();
                return new ModelBundle(manifest, model, ownsModel: true);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
        catch (AuscultException)
        {
            throw;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or JsonException or ArgumentException or InvalidOperationException or NotSupportedException or EndOfStreamException)
        {
            throw new AuscultException($"Model bundle '{path}' is damaged or not a model bundle: {ex.Message}", ex);
        }
    }

    /// <summary>Throws unless features made with <paramref name="extractorOptions"/> are what this model was trained on.</summary>
    /// <exception cref="AuscultException">Lists every differing option with the bundle's and the requested value.</exception>
    public void EnsureCompatible(FeatureOptions extractorOptions)
    {
        ArgumentNullException.ThrowIfNull(extractorOptions);
        var differences = typeof(FeatureOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null)
            .Select(p => (p.Name, Bundle: p.GetValue(Manifest.Features), Requested: p.GetValue(extractorOptions)))
            .Where(d => !Equals(d.Bundle, d.Requested))
            .Select(d => $"{d.Name}: bundle {Show(d.Bundle)}, requested {Show(d.Requested)}")
            .ToList();
        if (differences.Count > 0)
        {
            throw new AuscultException(
                $"The model was trained on other features than requested ({differences.Count} option(s) differ): {string.Join("; ", differences)}.");
        }
    }

    public void Dispose()
    {
        if (_ownsModel)
        {
            Model.Dispose();
        }
    }

    private static BundleManifest ReadManifest(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(ManifestEntry)
            ?? throw new AuscultException($"Model bundle '{path}' has no {ManifestEntry}: the file is incomplete or not a model bundle.");
        using var stream = entry.Open();
        using var document = JsonDocument.Parse(stream);

        // The version decides how to read the rest, so check it before anything else.
        if (!document.RootElement.TryGetProperty("formatVersion", out var version) || version.ValueKind != JsonValueKind.Number)
        {
            throw new AuscultException($"Model bundle '{path}' has no format version in its {ManifestEntry}.");
        }

        if (!version.TryGetInt32(out int formatVersion) || formatVersion != CurrentFormatVersion)
        {
            throw new AuscultException(
                $"Model bundle '{path}' has format version {version.GetRawText()}; this Auscult reads format version {CurrentFormatVersion}.");
        }

        var manifest = document.Deserialize<BundleManifest>(Json)
            ?? throw new AuscultException($"Model bundle '{path}' has an empty {ManifestEntry}.");
        if (manifest.ModelKind != AutoencoderKind)
        {
            throw new AuscultException($"Model bundle '{path}' holds a '{manifest.ModelKind}' model; this Auscult reads '{AutoencoderKind}' models.");
        }

        manifest.Features.Validate();
        return manifest;
    }

    private static BundleVersions CurrentVersions()
    {
        static string Informational(Assembly assembly) =>
            assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? assembly.GetName().Version?.ToString() ?? "unknown";

        string libTorch = typeof(ModelBundle).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "LibTorchVersion")?.Value ?? "unknown";
        return new BundleVersions(Informational(typeof(FeatureOptions).Assembly), Informational(typeof(TorchSharp.torch).Assembly), libTorch);
    }

    private static string Show(object? value) => value switch
    {
        null => "null (default)",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
