using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Auscult.Bundles;
using Auscult.Drift;
using Auscult.Features;
using Auscult.Health;
using Auscult.Torch.Classifier;
using Auscult.Torch.Models;
using Auscult.Torch.Scoring;
using TorchSharp;

namespace Auscult.Torch.Bundles;

/// <summary>
/// A trained model in one file: a zip holding <c>manifest.json</c> (<see cref="BundleManifest"/>) and
/// <c>weights.bin</c> (the TorchSharp state dict in its own binary format: named tensors, no pickle, no code). It holds
/// an autoencoder (<see cref="Model"/>) or a classifier (<see cref="Classifier"/>), as <see cref="Kind"/> says;
/// <see cref="CreateScorer"/> scores clips with either. Bundles load from and save to files and streams (a request
/// body); <see cref="Identity"/>, the SHA-256 of the bundle's bytes, names the model wherever a score refers to it.
/// </summary>
public sealed class ModelBundle : IDisposable
{
    /// <summary>The format this version writes (<see cref="BundleFormat.CurrentVersion"/>, where its history is told).</summary>
    public const int CurrentFormatVersion = BundleFormat.CurrentVersion;

    /// <summary>The oldest format this version reads (every one from it up to <see cref="CurrentFormatVersion"/>).</summary>
    public const int OldestReadableFormatVersion = BundleFormat.OldestReadableVersion;

    private const string ManifestEntry = BundleArchive.ManifestEntry;
    private const string WeightsEntry = BundleArchive.WeightsEntry;
    private const string ClassifierPreset = "classifier";

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
    private string? _identity;

    private readonly AutoencoderModel? _autoencoder;
    private readonly ClassifierModel? _classifier;

    private ModelBundle(BundleManifest manifest, AutoencoderModel model, bool ownsModel, string? identity = null)
    {
        Manifest = manifest;
        _autoencoder = model;
        Kind = ModelKind.Autoencoder;
        _ownsModel = ownsModel;
        _identity = identity;
    }

    private ModelBundle(BundleManifest manifest, ClassifierModel model, bool ownsModel, string? identity = null)
    {
        Manifest = manifest;
        _classifier = model;
        Kind = ModelKind.Classifier;
        _ownsModel = ownsModel;
        _identity = identity;
    }

    /// <summary>What <c>manifest.json</c> holds.</summary>
    public BundleManifest Manifest { get; }

    /// <summary>Whether the bundle holds an autoencoder (<see cref="Model"/>) or a classifier (<see cref="Classifier"/>).</summary>
    public ModelKind Kind { get; }

    /// <summary>
    /// The bundle's content identity: the SHA-256 of its bytes, lower-case hex (64 characters), which stored scores and
    /// alerts refer to. For a loaded bundle, of the bytes read; for a saved one, of the bytes written; for one only
    /// created, of the bytes <see cref="Save(Stream, CancellationToken)"/> would write (saving is deterministic: the
    /// zip's timestamps are the manifest's <see cref="BundleManifest.CreatedUtc"/>), computed on first use.
    /// </summary>
    public string Identity => _identity ??= IdentityOf(ToBytes(CancellationToken.None));

    /// <summary>The autoencoder; owned by the bundle when it came from <see cref="Load(string)"/>.</summary>
    /// <exception cref="InvalidOperationException">The bundle holds a classifier.</exception>
    public AutoencoderModel Model => _autoencoder
        ?? throw new InvalidOperationException("This bundle holds a classifier, not an autoencoder: use Classifier, or CreateScorer to score either kind.");

    /// <summary>The classifier; owned by the bundle when it came from <see cref="Load(string)"/>.</summary>
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
            ModelKind = ModelKind.Autoencoder,
            Preset = preset.Name,
            Architecture = new ModelArchitecture(preset.InputSize, [.. preset.HiddenLayers], preset.Bottleneck, preset.BatchNorm),
            Features = preset.Features,
            Normalization = InputNormalization.None,
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
    /// <param name="trainingLogMels">
    /// The log-mel matrices the model was trained on (its validation clips included); when given, the manifest records
    /// the model's scores of them and their per-band statistics (<see cref="TrainingDataSummary.Bands"/>).
    /// </param>
    /// <param name="input">The training clips' input reference (see <see cref="InputReferenceAccumulator"/>); null when not measured.</param>
    /// <exception cref="AuscultException">The feature options give another number of mel bands than the model reads.</exception>
    public static ModelBundle Create(ClassifierModel model, FeatureOptions features, string? machineType = null, string? machineId = null, TimeProvider? timeProvider = null,
        IReadOnlyList<FeatureMatrix>? trainingLogMels = null, InputReference? input = null)
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
        ScoreDistribution? scores = null;
        BandStatistics? bands = null;
        if (trainingLogMels is { Count: > 0 })
        {
            using var scorer = new ClassifierScorer(model);
            scores = ScoreDistribution.FromScores(scorer.ScoreAll(trainingLogMels));
            bands = BandStatisticsOf(trainingLogMels, features.MelBandCount);
        }

        var manifest = new BundleManifest
        {
            FormatVersion = CurrentFormatVersion,
            ModelKind = ModelKind.Classifier,
            Preset = ClassifierPreset,
            Features = features,
            Normalization = InputNormalization.BandStandardize,
            Threshold = model.Threshold,
            TrainingData = new TrainingDataSummary(clips, clips, machineType, machineId, scores, Input: input, Bands: bands),
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
    /// The per-band statistics of <paramref name="logMels"/> (see <see cref="BandStatisticsAccumulator"/>): what a
    /// bundle records of its training clips.
    /// </summary>
    /// <exception cref="ArgumentException">A matrix has another number of bands than <paramref name="melBandCount"/>.</exception>
    public static BandStatistics BandStatisticsOf(IReadOnlyList<FeatureMatrix> logMels, int melBandCount)
    {
        ArgumentNullException.ThrowIfNull(logMels);
        var accumulator = new BandStatisticsAccumulator(melBandCount);
        foreach (var logMel in logMels)
        {
            accumulator.Add(logMel);
        }

        return accumulator.ToStatistics();
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
            byte[] bytes = ToBytes(cancellationToken);
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(bytes);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, full, overwrite: true);
            _identity = IdentityOf(bytes);
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
    /// Writes the bundle to <paramref name="destination"/> (e.g. a response body; it need not seek), in one write of
    /// the finished bytes, and leaves the stream open.
    /// </summary>
    public void Save(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        byte[] bytes = ToBytes(cancellationToken);
        destination.Write(bytes);
        _identity = IdentityOf(bytes);
    }

    /// <summary>As <see cref="Save(Stream, CancellationToken)"/>, writing asynchronously (a web server forbids synchronous writes).</summary>
    public async Task SaveAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        byte[] bytes = ToBytes(cancellationToken);
        await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        _identity = IdentityOf(bytes);
    }

    /// <summary>The SHA-256 of the file at <paramref name="path"/>, lower-case hex: a bundle's <see cref="Identity"/> without loading it.</summary>
    /// <exception cref="ModelException">The file cannot be read.</exception>
    public static string IdentityOf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelException(BundleText.SafeMessage($"Model bundle '{BundleText.Safe(path, 1024)}' cannot be read: {BundleText.Safe(e.Message, 300)}"), e);
        }
    }

    /// <summary>The SHA-256 of bundle bytes, lower-case hex.</summary>
    public static string IdentityOf(ReadOnlySpan<byte> bundle) => Convert.ToHexStringLower(SHA256.HashData(bundle));

    /// <summary>
    /// The bundle's bytes: a zip of the manifest (deflated) and the weights (stored: TorchSharp's float32 tensors do
    /// not deflate, and stored entries load without a decompression pass). Every entry is stamped with the manifest's
    /// creation time, so the same bundle always gives the same bytes and the same <see cref="Identity"/>.
    /// </summary>
    private byte[] ToBytes(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var output = new MemoryStream();
        var stamp = ZipTime(Manifest.CreatedUtc);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var manifestEntry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal);
            manifestEntry.LastWriteTime = stamp;
            using (var manifest = manifestEntry.Open())
            {
                JsonSerializer.Serialize(manifest, Manifest, Json);
            }

            cancellationToken.ThrowIfCancellationRequested();

            // TorchSharp closes the stream it saves to, and a zip entry stream cannot seek: save into a buffer
            // (ToArray still works on a closed MemoryStream).
            var weights = new MemoryStream();
            torch.nn.Module module = Kind == ModelKind.Autoencoder ? Model.Module : Classifier.Module;
            module.save(weights);
            var weightsEntry = zip.CreateEntry(WeightsEntry, CompressionLevel.NoCompression);
            weightsEntry.LastWriteTime = stamp;
            using var entry = weightsEntry.Open();
            entry.Write(weights.ToArray());
        }

        cancellationToken.ThrowIfCancellationRequested();
        return output.ToArray();
    }

    /// <summary>A zip timestamp for <paramref name="time"/>: its UTC wall-clock time, within the years zip can hold (1980 to 2107).</summary>
    private static DateTimeOffset ZipTime(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var clamped = utc < new DateTime(1980, 1, 1) ? new DateTime(1980, 1, 1) : utc > new DateTime(2107, 12, 31) ? new DateTime(2107, 12, 31) : utc;
        // Zip stores local wall-clock time with no zone: give it the UTC wall clock, so the bytes do not depend on the machine's zone.
        return new DateTimeOffset(DateTime.SpecifyKind(clamped, DateTimeKind.Unspecified), TimeSpan.Zero);
    }

    /// <summary>
    /// Reads and validates a bundle completely before building its model: size, zip structure and limits, every
    /// entry's CRC-32, the manifest's schema and ranges (<see cref="BundleLimits"/>), the weights' names and shapes
    /// against the manifest, and finite weights. The returned bundle owns its model; its <see cref="Identity"/> is the
    /// SHA-256 of the file's bytes.
    /// </summary>
    /// <exception cref="ModelException">
    /// The file is missing, not a bundle, of another format version, damaged, over a limit, or inconsistent; the message
    /// names the file (its control characters escaped) and the problem.
    /// </exception>
    public static ModelBundle Load(string path) => Build(BundleContents.Read(path));

    /// <summary>
    /// Reads a bundle from <paramref name="source"/> (a request body: it need not seek), at most
    /// <see cref="BundleLimits.MaxFileBytes"/> bytes of it, and validates it as <see cref="Load(string)"/> does. The
    /// stream is read to its end and left open.
    /// </summary>
    /// <param name="source">The bundle's bytes.</param>
    /// <param name="name">What messages call the bundle (a file name, an upload's name).</param>
    /// <exception cref="ModelException">The bytes are not a valid bundle, or more than the limit; the message names <paramref name="name"/>.</exception>
    public static ModelBundle Load(Stream source, string name) => Build(BundleContents.Read(source, name));

    /// <summary>
    /// As <see cref="Load(Stream, string)"/>, reading asynchronously (a web server forbids synchronous reads of a
    /// request body); the checks and the model's construction run once the bytes are in.
    /// </summary>
    public static async Task<ModelBundle> LoadAsync(Stream source, string name, CancellationToken cancellationToken = default) =>
        Build(await BundleContents.ReadAsync(source, name, cancellationToken).ConfigureAwait(false));

    /// <summary>Validates the manifest and the weights of checked bundle contents and builds the model.</summary>
    private static ModelBundle Build(BundleContents contents)
    {
        string shown = contents.Shown;
        BundleManifest manifest;
        byte[] weights = contents.Weights;
        try
        {
            manifest = ReadManifest(contents);
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

        return manifest.ModelKind == ModelKind.Classifier
            ? BuildClassifier(manifest, weights, shown, contents.Identity)
            : BuildAutoencoder(manifest, weights, shown, contents.Identity);
    }

    private static ModelBundle BuildAutoencoder(BundleManifest manifest, byte[] weights, string shown, string identity)
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
            return new ModelBundle(manifest, model, ownsModel: true, identity);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static ModelBundle BuildClassifier(BundleManifest manifest, byte[] weights, string shown, string identity)
    {
        var part = manifest.Classifier!;
        var module = new SpectrogramCnn(part.Config, part.ClassNames.Count, manifest.Features.MelBandCount);
        try
        {
            LoadWeights(module, weights, shown);
            var model = new ClassifierModel(module, part.ClassNames, part.Normalization, manifest.Threshold!, part.Training);
            return new ModelBundle(manifest, model, ownsModel: true, identity);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Refuses weights whose tensors are not exactly those the manifest's model has (names, element types, shapes), or
    /// that hold a NaN or infinity (see <see cref="WeightsFile.Check"/>).
    /// </summary>
    private static void CheckWeights(BundleManifest manifest, byte[] weights, string shown)
    {
        var expected = manifest.ModelKind == ModelKind.Classifier
            ? WeightsLayout.Classifier(manifest.Classifier!.Config, manifest.Classifier.ClassNames.Count, manifest.Features.MelBandCount)
            : WeightsLayout.Autoencoder(manifest.Architecture!);
        WeightsFile.Check(weights, expected, shown);
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

    /// <summary>Deserialises the manifest (its format version and kind were checked by <see cref="BundleContents"/>) and validates it.</summary>
    private static BundleManifest ReadManifest(BundleContents contents)
    {
        string shown = contents.Shown;
        using var document = JsonDocument.Parse(contents.ManifestJson);
        var root = document.RootElement;
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
