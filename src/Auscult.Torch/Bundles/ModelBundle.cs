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

    private const string ManifestEntry = BundleArchive.ManifestEntry;
    private const string WeightsEntry = BundleArchive.WeightsEntry;
    private const string AutoencoderKind = "autoencoder";
    private const string ClassifierKind = "classifier";
    private const string ClassifierNormalization = "band-standardize";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false), new ChannelSelectionJsonConverter() },
    };

    // Reading is strict where writing cannot be: a constructor parameter without a default (threshold.value,
    // architecture.hiddenLayers) must be present, and null must not land where the type says it cannot be; otherwise a
    // missing value reads as 0 or null and fails far from its cause.
    private static readonly JsonSerializerOptions ReadJson = new(Json)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
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

    /// <summary>
    /// Reads and validates a bundle completely before building its model: zip structure and limits, every entry's
    /// CRC-32, the manifest's schema and ranges (<see cref="BundleLimits"/>), the weights' names and shapes against the
    /// manifest, and finite weights. The returned bundle owns its model.
    /// </summary>
    /// <exception cref="ModelException">
    /// The file is missing, not a bundle, of another format version, damaged, over a limit, or inconsistent; the message
    /// names the file (its control characters escaped) and the problem.
    /// </exception>
    public static ModelBundle Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string shown = BundleText.Safe(path, maxLength: 1024);
        if (!File.Exists(path))
        {
            throw new ModelException($"Model bundle '{shown}' does not exist.");
        }

        BundleManifest manifest;
        byte[] weights;
        try
        {
            var archive = BundleArchive.Read(path, shown);
            manifest = ReadManifest(archive, shown);
            weights = archive.Entries.GetValueOrDefault(WeightsEntry)
                ?? throw new ModelException($"Model bundle '{shown}' has no {WeightsEntry}: the file is incomplete or not a model bundle.");
            CheckWeights(manifest, weights, shown);
        }
        catch (ModelException)
        {
            throw;
        }
        catch (AuscultException ex)
        {
            // e.g. a channel the feature options cannot parse: the bundle is at fault, not the caller's input.
            throw new ModelException(BundleText.SafeMessage($"Model bundle '{shown}' is invalid: {BundleText.Safe(ex.Message, 300)}"), ex);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or JsonException or ArgumentException
            or InvalidOperationException or NotSupportedException or FormatException or OverflowException)
        {
            throw new ModelException(
                BundleText.SafeMessage($"Model bundle '{shown}' is damaged or not a model bundle: {BundleText.Safe(ex.Message, 300)}"), ex);
        }

        return manifest.ModelKind == ClassifierKind ? BuildClassifier(manifest, weights, shown) : BuildAutoencoder(manifest, weights, shown);
    }

    private static ModelBundle BuildAutoencoder(BundleManifest manifest, byte[] weights, string shown)
    {
        var architecture = manifest.Architecture!;
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
        AutoencoderModel model;
        try
        {
            model = new AutoencoderModel(preset, manifest.Seed);
        }
        catch (AuscultException ex)
        {
            throw new ModelException(BundleText.SafeMessage($"Model bundle '{shown}' is invalid: {BundleText.Safe(ex.Message, 300)}"), ex);
        }

        try
        {
            LoadWeights(model.Module, weights, shown);
            return new ModelBundle(manifest, model, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static ModelBundle BuildClassifier(BundleManifest manifest, byte[] weights, string shown)
    {
        var part = manifest.Classifier!;
        var module = new SpectrogramCnn(part.Config, part.ClassNames.Count, manifest.Features.MelBandCount);
        try
        {
            LoadWeights(module, weights, shown);
            var model = new ClassifierModel(module, part.ClassNames, part.Normalization, manifest.Threshold!, part.Training);
            return new ModelBundle(manifest, model, ownsModel: true);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Refuses weights whose tensors are not exactly those the manifest's model has (names, element types, shapes), or
    /// that hold a NaN or infinity (which would score NaN, and NaN compares as "not anomalous").
    /// </summary>
    private static void CheckWeights(BundleManifest manifest, byte[] weights, string shown)
    {
        IReadOnlyList<WeightsFile.Tensor> tensors;
        try
        {
            tensors = WeightsFile.Parse(weights);
        }
        catch (FormatException ex)
        {
            throw new ModelException(BundleText.SafeMessage($"Model bundle '{shown}' has a damaged {WeightsEntry}: {ex.Message}."), ex);
        }

        var expected = manifest.ModelKind == ClassifierKind
            ? WeightsLayout.Classifier(manifest.Classifier!.Config, manifest.Classifier.ClassNames.Count, manifest.Features.MelBandCount)
            : WeightsLayout.Autoencoder(manifest.Architecture!);
        var byName = expected.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            string name = BundleText.Safe(tensor.Name);
            if (!byName.TryGetValue(tensor.Name, out var wanted))
            {
                throw new ModelException($"Model bundle '{shown}' does not fit its manifest: {WeightsEntry} holds a tensor '{name}' the model does not have.");
            }

            if (!seen.Add(tensor.Name))
            {
                throw new ModelException($"Model bundle '{shown}' has a damaged {WeightsEntry}: tensor '{name}' appears twice.");
            }

            if (tensor.Type != wanted.Type || !tensor.Shape.SequenceEqual(wanted.Shape))
            {
                throw new ModelException(
                    $"Model bundle '{shown}' does not fit its manifest: tensor '{name}' has shape {tensor.ShapeText} (type {tensor.Type}); the manifest's model needs [{string.Join(", ", wanted.Shape)}] (type {wanted.Type}).");
            }
        }

        if (seen.Count != byName.Count)
        {
            string missing = BundleText.Safe(byName.Keys.First(k => !seen.Contains(k)));
            throw new ModelException($"Model bundle '{shown}' does not fit its manifest: {WeightsEntry} lacks tensor '{missing}' ({byName.Count - seen.Count} missing).");
        }

        if (WeightsFile.FirstNonFinite(weights, tensors) is { } nonFinite)
        {
            throw new ModelException($"Model bundle '{shown}' is damaged: tensor '{BundleText.Safe(nonFinite)}' holds NaN or infinite weights.");
        }
    }

    /// <summary>Loads checked weights into <paramref name="module"/>; whatever TorchSharp throws becomes a <see cref="ModelException"/>.</summary>
    internal static void LoadWeights(torch.nn.Module module, byte[] weights, string shown)
    {
        try
        {
            using var stream = new MemoryStream(weights, writable: false);
            module.load(stream, strict: true);
            module.eval();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The weights were checked above, so this should not happen; but TorchSharp's reader throws whatever it
            // meets (FormatException, ArgumentException, native errors), and none of that may escape as such.
            throw new ModelException(
                BundleText.SafeMessage($"Model bundle '{shown}' has weights TorchSharp cannot read: {BundleText.Safe(ex.Message, 300)}"), ex);
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

    private static BundleManifest ReadManifest(BundleArchive archive, string shown)
    {
        var bytes = archive.Entries.GetValueOrDefault(ManifestEntry)
            ?? throw new ModelException($"Model bundle '{shown}' has no {ManifestEntry}: the file is incomplete or not a model bundle.");
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;

        // The version decides how to read the rest, so check it before anything else.
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("formatVersion", out var version) || version.ValueKind != JsonValueKind.Number)
        {
            throw new ModelException($"Model bundle '{shown}' has no format version in its {ManifestEntry}.");
        }

        if (!version.TryGetInt32(out int formatVersion) || formatVersion is < OldestReadableFormatVersion or > CurrentFormatVersion)
        {
            throw new ModelException(BundleText.SafeMessage(
                $"Model bundle '{shown}' has format version {BundleText.Safe(version.GetRawText(), 40)}; this Auscult reads format versions {OldestReadableFormatVersion} to {CurrentFormatVersion}."));
        }

        BundleManifest manifest;
        try
        {
            manifest = document.Deserialize<BundleManifest>(ReadJson)
                ?? throw new ModelException($"Model bundle '{shown}' has an empty {ManifestEntry}.");
        }
        catch (JsonException ex)
        {
            // The message names the field: "missing required properties including: 'value'", or "Path: $.architecture".
            throw new ModelException(BundleText.SafeMessage($"Model bundle '{shown}' has an invalid {ManifestEntry}: {BundleText.Safe(ex.Message, 300)}"), ex);
        }

        if (manifest.ModelKind is not (AutoencoderKind or ClassifierKind))
        {
            throw new ModelException(BundleText.SafeMessage(
                $"Model bundle '{shown}' holds a '{BundleText.Safe(manifest.ModelKind)}' model; this Auscult reads '{AutoencoderKind}' and '{ClassifierKind}' models."));
        }

        ManifestValidator.Validate(root, manifest, shown);
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
