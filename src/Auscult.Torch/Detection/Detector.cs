using System.Globalization;
using Auscult.Audio;
using Auscult.Features;
using Auscult.Health;
using Auscult.Torch.Bundles;
using Auscult.Torch.Scoring;

namespace Auscult.Torch.Detection;

/// <summary>
/// The one path from a clip to a decision, for every host (the CLI, the service, tests): built once from a model
/// bundle, it checks the input's health, computes the features the bundle names, scores them with the bundle's model
/// and applies the one rule, score &gt; threshold.
/// </summary>
/// <remarks>
/// Thread-safe: the extractor and scorer are (see <see cref="AutoencoderScorer"/> and
/// <see cref="Classifier.ClassifierModel"/>), so one detector serves any number of threads. Dispose it to free the
/// model (when it loaded the bundle itself).
/// </remarks>
public sealed class Detector : IDisposable
{
    private readonly bool _ownsBundle;
    private readonly IAnomalyScorer _scorer;

    /// <summary>A detector over a bundle; its <see cref="ModelId"/> is the bundle's <see cref="ModelBundle.Identity"/>.</summary>
    /// <param name="bundle">The model.</param>
    /// <param name="ownsBundle">Whether disposing the detector disposes the bundle.</param>
    /// <exception cref="ModelException">The bundle has no threshold.</exception>
    public Detector(ModelBundle bundle, bool ownsBundle = false)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        Bundle = bundle;
        _ownsBundle = ownsBundle;
        Threshold = bundle.Manifest.Threshold ?? throw new ModelException("The model has no threshold to decide with.");
        Extractor = new ClipFeatureExtractor(bundle.Manifest.Features);
        bundle.EnsureCompatible(Extractor.Options);
        MinimumFrames = MinimumFramesOf(bundle);
        InputReference = bundle.Manifest.TrainingData.Input;
        ModelId = bundle.Identity;
        _scorer = bundle.CreateScorer();
    }

    /// <summary>Loads the bundle at <paramref name="path"/>; its identity is the SHA-256 of the file.</summary>
    /// <exception cref="ModelException">The file is not a valid bundle (see <see cref="ModelBundle.Load(string)"/>).</exception>
    public static Detector Load(string path) => Owning(ModelBundle.Load(path));

    /// <summary>
    /// Loads a bundle from <paramref name="bundle"/> (e.g. a request body) asynchronously; its identity is the SHA-256
    /// of the bytes read (see <see cref="ModelBundle.LoadAsync"/>).
    /// </summary>
    /// <exception cref="ModelException">The bytes are not a valid bundle.</exception>
    public static async Task<Detector> LoadAsync(Stream bundle, string name, CancellationToken cancellationToken = default) =>
        Owning(await ModelBundle.LoadAsync(bundle, name, cancellationToken).ConfigureAwait(false));

    /// <summary>The SHA-256 of a bundle file, lower-case hex: the identity stored scores and alerts refer to (<see cref="ModelBundle.IdentityOf(string)"/>).</summary>
    /// <exception cref="ModelException">The file cannot be read.</exception>
    public static string IdentityOf(string path) => ModelBundle.IdentityOf(path);

    private static Detector Owning(ModelBundle bundle)
    {
        try
        {
            return new Detector(bundle, ownsBundle: true);
        }
        catch
        {
            bundle.Dispose();
            throw;
        }
    }

    /// <summary>The model.</summary>
    public ModelBundle Bundle { get; }

    /// <summary>The model's content identity (SHA-256 of the bundle, lower-case hex).</summary>
    public string ModelId { get; }

    /// <summary>The threshold the decisions use.</summary>
    public ThresholdSpec Threshold { get; }

    /// <summary>The feature extraction the bundle names (the same options it was trained with).</summary>
    public ClipFeatureExtractor Extractor { get; }

    /// <summary>The fewest log-mel frames the model scores (the autoencoder's context; the classifier's pooling).</summary>
    public int MinimumFrames { get; }

    /// <summary>
    /// The training clips' rate, duration and level the input health compares each clip with; null for a bundle that
    /// does not record them (formats before 3), whose clips are checked on their own.
    /// </summary>
    public InputReference? InputReference { get; }

    /// <summary>
    /// The fewest log-mel frames <paramref name="bundle"/>'s model scores: one context vector for the autoencoder; for
    /// the classifier, what survives its time pooling and every max pool.
    /// </summary>
    public static int MinimumFramesOf(ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return bundle.Kind == ModelKind.Classifier ? bundle.Classifier.MinimumFrames : Math.Max(1, bundle.Manifest.Features.ContextFrames);
    }

    /// <summary>The rule every host applies: a score above the threshold is anomalous.</summary>
    public bool IsAnomalous(double score) => score > Threshold.Value;

    /// <summary>Decides on a decoded clip: health, features, score, verdict.</summary>
    /// <exception cref="InputException">The clip cannot be turned into features (e.g. a rate that cannot be resampled).</exception>
    public ClipDecision Decide(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        InputHealth health = InputHealthAnalyzer.Analyze(clip, InputReference);
        if (!health.IsFit)
        {
            return Unfit(clip.Source, health, health.UnfitReason);
        }

        return Decide(Extractor.LogMel(clip), clip.Source, health);
    }

    /// <summary>Decides on the WAV file at <paramref name="path"/>.</summary>
    /// <exception cref="InputException">The file is not a WAV file Auscult can read (named in the message).</exception>
    public ClipDecision Decide(string path) =>
        Decide(AudioLoader.ReadClip(path, Extractor.Options.SampleRate, Extractor.AllowResample));

    /// <summary>Decides on WAV bytes read asynchronously from <paramref name="wav"/> (a request body), up to <paramref name="maxBytes"/>.</summary>
    /// <exception cref="InputException">The bytes are not a WAV file Auscult can read, or too many.</exception>
    public async Task<ClipDecision> DecideAsync(Stream wav, string? name, long maxBytes = WavReader.DefaultMaxStreamBytes, CancellationToken cancellationToken = default)
    {
        AudioClip clip = await WavReader.ReadAsync(wav, name, maxBytes, cancellationToken).ConfigureAwait(false);
        return Decide(clip);
    }

    /// <summary>
    /// Decides on a clip's log-mel matrix already computed with <see cref="Extractor"/> (evaluation reuses features);
    /// <paramref name="health"/> is the clip's input health, or null when its samples are no longer at hand.
    /// </summary>
    public ClipDecision Decide(FeatureMatrix logMel, string? source, InputHealth? health = null)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        health ??= new InputHealth(Extractor.Options.SampleRate, TimeSpan.Zero, 1, double.NaN, double.NaN, 0, 0, TimeSpan.Zero, 0, [], []);
        if (logMel.Rows < MinimumFrames)
        {
            double seconds = (double)MinimumFrames * Extractor.Options.HopLength / Extractor.Options.SampleRate;
            return Unfit(source, health, string.Create(CultureInfo.InvariantCulture,
                $"too short: {logMel.Rows} frames; the model needs at least {MinimumFrames} (about {seconds:0.##} s)"));
        }

        double score = _scorer.Score(logMel);
        if (!double.IsFinite(score))
        {
            // Finite weights and finite features can still overflow; a NaN must never read as "not anomalous".
            throw new ModelException($"The model scored {source ?? "a clip"} {score}; its weights cannot be trusted.");
        }

        bool anomalous = IsAnomalous(score);
        string? kind = anomalous && Bundle.Kind == ModelKind.Classifier && Bundle.Classifier.NamesKinds
            ? Bundle.Classifier.MostLikelyAnomalyClass(logMel)
            : null;
        return new ClipDecision(source, anomalous ? ClipVerdict.Anomalous : ClipVerdict.Normal, score, Threshold.Value, kind, ModelId, health, null);
    }

    private ClipDecision Unfit(string? source, InputHealth health, string reason) =>
        new(source, ClipVerdict.InputUnfit, null, Threshold.Value, null, ModelId, health, reason);

    public void Dispose()
    {
        _scorer.Dispose();
        if (_ownsBundle)
        {
            Bundle.Dispose();
        }
    }
}
