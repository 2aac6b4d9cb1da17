using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Auscult.Features;
using Auscult.Torch.Classifier;
using Auscult.Torch.Models;
using Auscult.Torch.Scoring;
using TorchSharp;

namespace Auscult.Torch.Bundles;

/// <summary>
/// A trained model in one file: a zip holding <c>manifest.json</c> (<see cref="BundleManifest"/>) and
/// <c>weights.bin</c> (the TorchSharp state dict in its own binary format: named tensors, no pickle, no code). It holds
/// an autoencoder (<see cref="Model"/>) or a classifier (<see cref="Classifier"/>), as <see cref="Kind"/> says;
/// <see cref="CreateScorer"/> scores clips with either.
/// </summary>
public sealed class ModelBundle : IDisposable
{
    /// <summary>
    /// The format this version writes. 2: a classifier bundle has no <c>architecture</c>; otherwise as 1.
    /// </summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>The oldest format this version reads (every one from it up to <see cref="CurrentFormatVersion"/>).</summary>
    public const int OldestReadableFormatVersion = 1;

    private const string ManifestEntry = "manifest.json";
    private const string WeightsEntry = "weights.bin";
    private const string AutoencoderKind = "autoencoder";
    private const string ClassifierKind = "classifier";
    private const string ClassifierNormalization = "band-standardize";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new ChannelSelectionJsonConverter() },
    };

    private readonly bool _ownsModel;

    private readonly AutoencoderModel? _autoencoder;
    private readonly ClassifierModel? _classifier;

    private ModelBundle(BundleManifest manifest, AutoencoderModel model, bool ownsModel)
    {
        Manifest = manifest;
        _autoencoder = model;
        Kind = ModelKind.Autoencoder;
        _ownsModel = ownsModel;
    }

    private ModelBundle(BundleManifest manifest, ClassifierModel model, bool ownsModel)
    {
        Manifest = manifest;
        _classifier = model;
        Kind = ModelKind.Classifier;
        _ownsModel = ownsModel;
    }

    /// <summary>What <c>manifest.json</c> holds.</summary>
    public BundleManifest Manifest { get; }

    /// <summary>Whether the bundle holds an autoencoder (<see cref="Model"/>) or a classifier (<see cref="Classifier"/>).</summary>
    public ModelKind Kind { get; }

    /// <summary>The autoencoder; owned by the bundle when it came from <see cref="Load"/>.</summary>
    /// <exception cref="InvalidOperationException">The bundle holds a classifier.</exception>
    public AutoencoderModel Model => _autoencoder
        ?? throw new InvalidOperationException("This bundle holds a classifier, not an autoencoder: use Classifier, or CreateScorer to score either kind.");

    /// <summary>The classifier; owned by the bundle when it came from <see cref="Load"/>.</summary>
    /// <exception cref="InvalidOperationException">The bundle holds an autoencoder.</exception>
    public ClassifierModel Classifier => _classifier
        ?? throw new InvalidOperationException("This bundle holds an autoencoder, not a classifier: use Model, or CreateScorer to score either kind.");

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
    /// Describes a trained classifier for saving; the threshold is the model's own. The bundle does not take
    /// ownership of the model: dispose it yourself.
    /// </summary>
    /// <param name="model">The trained classifier.</param>
    /// <param name="features">The feature options its log-mel input was made with (their mel bands must match the model).</param>
    /// <param name="machineType">Machine type trained on, e.g. <c>fan</c>; null when unknown.</param>
    /// <param name="machineId">Machine id trained on; null when unknown or several.</param>
    /// <param name="timeProvider">Source of <see cref="BundleManifest.CreatedUtc"/>; default the system clock.</param>
    /// <exception cref="AuscultException">The feature options give another number of mel bands than the model reads.</exception>
    public static ModelBundle Create(ClassifierModel model, FeatureOptions features, string? machineType = null, string? machineId = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        features.Validate();
        if (features.MelBandCount != model.MelBandCount)
        {
            throw new ModelException($"The feature options have {features.MelBandCount} mel bands; the classifier reads {model.MelBandCount}.");
        }

        var training = model.Training;
        int clips = training.TrainClips + training.ValidationClips;
        var manifest = new BundleManifest
        {
            FormatVersion = CurrentFormatVersion,
            ModelKind = ClassifierKind,
            Preset = ClassifierKind,
            Features = features,
            Normalization = ClassifierNormalization,
            Threshold = model.Threshold,
            TrainingData = new TrainingDataSummary(clips, clips, machineType, machineId, null),
            Seed = training.Seed,
            Epochs = training.Trials.First(t => t.Config == model.Config || t.Config.Name == model.Config.Name).Epochs,
            BatchSize = training.Options.BatchSize,
            LearningRate = model.Config.LearningRate,
            ValidationFraction = training.Options.ValidationFraction,
            Versions = CurrentVersions(),
            CreatedUtc = (timeProvider ?? TimeProvider.System).GetUtcNow(),
            Classifier = new ClassifierManifest(model.Config, model.ClassNames, model.Normalization, training),
        };
        return new ModelBundle(manifest, model, ownsModel: false);
    }

    /// <summary>
    /// A scorer for the bundle's model, whatever its kind: an <see cref="AutoencoderScorer"/> or a
    /// <see cref="ClassifierScorer"/>. It uses the bundle's model: dispose the scorer before the bundle.
    /// </summary>
    public IAnomalyScorer CreateScorer() => Kind switch
    {
        ModelKind.Autoencoder => new AutoencoderScorer(Model),
        _ => new ClassifierScorer(Classifier),
    };

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
                torch.nn.Module module = Kind == ModelKind.Autoencoder ? Model.Module : Classifier.Module;
                module.save(weights);
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
            throw new ModelException($"Model bundle '{path}' does not exist.");
        }

        try
        {
            using var zip = ZipFile.OpenRead(path);
            var manifest = ReadManifest(zip, path);
            var weightsEntry = zip.GetEntry(WeightsEntry)
                ?? throw new ModelException($"Model bundle '{path}' has no {WeightsEntry}: the file is incomplete or not a model bundle.");
            if (manifest.ModelKind == ClassifierKind)
            {
                return LoadClassifier(manifest, weightsEntry, path);
            }

            var architecture = manifest.Architecture
                ?? throw new ModelException($"Model bundle '{path}' holds an autoencoder but its {ManifestEntry} has no architecture.");
            var preset = new AutoencoderPreset
            {
                Name = manifest.Preset,
                Features = manifest.Features,
                HiddenLayers = architecture.HiddenLayers,
                Bottleneck = architecture.Bottleneck,
                BatchNorm = architecture.BatchNorm,
                Epochs = manifest.Epochs,
                BatchSize = manifest.BatchSize,
                LearningRate = manifest.LearningRate,
                ValidationFraction = manifest.ValidationFraction,
            };
            if (preset.InputSize != architecture.InputSize)
            {
                throw new ModelException($"Model bundle '{path}' is inconsistent: its features give {preset.InputSize} inputs, its architecture {architecture.InputSize}.");
            }

            var model = new AutoencoderModel(preset, manifest.Seed);
            try
            {
                LoadWeights(model.Module, weightsEntry);
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
            throw new ModelException($"Model bundle '{path}' is damaged or not a model bundle: {ex.Message}", ex);
        }
    }

    private static ModelBundle LoadClassifier(BundleManifest manifest, ZipArchiveEntry weightsEntry, string path)
    {
        var part = manifest.Classifier
            ?? throw new ModelException($"Model bundle '{path}' holds a classifier but its {ManifestEntry} has no classifier section.");
        var threshold = manifest.Threshold
            ?? throw new ModelException($"Model bundle '{path}' holds a classifier without a decision threshold.");
        int mels = part.Normalization.Means.Count;
        if (mels != manifest.Features.MelBandCount || part.Normalization.StandardDeviations.Count != mels)
        {
            throw new ModelException(
                $"Model bundle '{path}' is inconsistent: its features have {manifest.Features.MelBandCount} mel bands, its normalisation {mels}.");
        }

        if (part.ClassNames.Count < 2)
        {
            throw new ModelException($"Model bundle '{path}' names {part.ClassNames.Count} class(es); a classifier has at least 2.");
        }

        var module = new SpectrogramCnn(part.Config, part.ClassNames.Count, mels);
        try
        {
            LoadWeights(module, weightsEntry);
            var model = new ClassifierModel(module, part.ClassNames, part.Normalization, threshold, part.Training);
            return new ModelBundle(manifest, model, ownsModel: true);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    private static void LoadWeights(torch.nn.Module module, ZipArchiveEntry weightsEntry)
    {
        using var weights = new MemoryStream();
        using (var source = weightsEntry.Open())
        {
            source.CopyTo(weights);
        }

        weights.Position = 0;
        module.load(weights, strict: true);
        module.eval();
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
            throw new ModelException(
                $"The model was trained on other features than requested ({differences.Count} option(s) differ): {string.Join("; ", differences)}.");
        }
    }

    public void Dispose()
    {
        if (_ownsModel)
        {
            _autoencoder?.Dispose();
            _classifier?.Dispose();
        }
    }

    private static BundleManifest ReadManifest(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(ManifestEntry)
            ?? throw new ModelException($"Model bundle '{path}' has no {ManifestEntry}: the file is incomplete or not a model bundle.");
        using var stream = entry.Open();
        using var document = JsonDocument.Parse(stream);

        // The version decides how to read the rest, so check it before anything else.
        if (!document.RootElement.TryGetProperty("formatVersion", out var version) || version.ValueKind != JsonValueKind.Number)
        {
            throw new ModelException($"Model bundle '{path}' has no format version in its {ManifestEntry}.");
        }

        if (!version.TryGetInt32(out int formatVersion) || formatVersion is < OldestReadableFormatVersion or > CurrentFormatVersion)
        {
            throw new ModelException(
                $"Model bundle '{path}' has format version {version.GetRawText()}; this Auscult reads format versions {OldestReadableFormatVersion} to {CurrentFormatVersion}.");
        }

        var manifest = document.Deserialize<BundleManifest>(Json)
            ?? throw new ModelException($"Model bundle '{path}' has an empty {ManifestEntry}.");
        if (manifest.ModelKind is not (AutoencoderKind or ClassifierKind))
        {
            throw new ModelException(
                $"Model bundle '{path}' holds a '{manifest.ModelKind}' model; this Auscult reads '{AutoencoderKind}' and '{ClassifierKind}' models.");
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
