using System.Globalization;
using Auscult.Audio;
using Auscult.Dsp;
using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Health;
using Auscult.Scoring;
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
    private readonly long _minimumSamples;

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
        _minimumSamples = MinimumSamplesOf(Extractor.Options, MinimumFrames);
        MinimumDuration = TimeSpan.FromSeconds((double)_minimumSamples / Extractor.Options.SampleRate);
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
    /// The shortest recording the model scores: long enough for <see cref="MinimumFrames"/> frames and for the padding
    /// of the first one (reflect padding mirrors <c>FftSize / 2</c> samples and needs one more).
    /// </summary>
    public TimeSpan MinimumDuration { get; }

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
    public bool IsAnomalous(double score) => DecisionRule.IsAnomalous(score, Threshold.Value);

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
    /// Decides on a long recording in consecutive windows of <paramref name="window"/>, each exactly as
    /// <see cref="Decide(AudioClip)"/> decides a clip of its own (input health, features, score, the one rule), so a
    /// 600-s capture gets a verdict per 10 s instead of one score averaged over everything.
    /// </summary>
    /// <param name="clip">The recording; each window's samples are copied out only while it is decided.</param>
    /// <param name="window">The window length, at least <see cref="MinimumDuration"/>.</param>
    /// <returns>
    /// The windows in order, decided one at a time as they are enumerated. A last window the recording cuts short is
    /// decided on its own samples when it is long enough for the model and is input unfit ("too short") otherwise:
    /// never dropped, never averaged into another. An empty recording gives one such window.
    /// </returns>
    /// <exception cref="ConfigurationException">The window is shorter than the model's minimum.</exception>
    /// <exception cref="InputException">While enumerating: the recording cannot be turned into features (e.g. a rate that cannot be resampled).</exception>
    public IEnumerable<WindowDecision> DecideWindows(AudioClip clip, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(clip);
        long windowFrames = CheckWindow(window, clip.SampleRate);
        return Windows(clip, (int)Math.Min(windowFrames, Math.Max(1, clip.FrameCount)));
    }

    /// <summary>
    /// Checks a window length before any recording is read: <see cref="DecideWindows(AudioClip, TimeSpan)"/> refuses one
    /// shorter than <see cref="MinimumDuration"/>.
    /// </summary>
    /// <exception cref="ConfigurationException">The window is shorter than the model's minimum.</exception>
    public void CheckWindow(TimeSpan window) => CheckWindow(window, Extractor.Options.SampleRate);

    /// <returns>The window's length in frames at <paramref name="sampleRate"/>.</returns>
    private long CheckWindow(TimeSpan window, int sampleRate)
    {
        double frames = window.TotalSeconds * sampleRate;
        long windowFrames = double.IsFinite(frames) && frames >= 1 ? (long)Math.Min(Math.Round(frames), int.MaxValue) : 0;
        if (windowFrames == 0 || SamplesAtFeatureRate(windowFrames, sampleRate) < _minimumSamples)
        {
            throw new ConfigurationException(string.Create(CultureInfo.InvariantCulture,
                $"A window of {window.TotalSeconds:0.###} s is shorter than the {MinimumDuration.TotalSeconds:0.###} s the model needs ({MinimumFrames} frames)."));
        }

        return windowFrames;
    }

    /// <summary>Decides on the WAV file at <paramref name="path"/> in windows; see <see cref="DecideWindows(AudioClip, TimeSpan)"/>.</summary>
    /// <exception cref="InputException">The file is not a WAV file Auscult can read (named in the message).</exception>
    public IEnumerable<WindowDecision> DecideWindows(string path, TimeSpan window) =>
        DecideWindows(AudioLoader.ReadClip(path, Extractor.Options.SampleRate, Extractor.AllowResample), window);

    private IEnumerable<WindowDecision> Windows(AudioClip clip, int windowFrames)
    {
        if (clip.FrameCount == 0)
        {
            yield return new WindowDecision(0, TimeSpan.Zero, TimeSpan.Zero, IsPartial: true,
                Unfit(clip.Source, InputHealthAnalyzer.Analyze(clip), TooShort(TimeSpan.Zero)));
            yield break;
        }

        for (int index = 0, start = 0; start < clip.FrameCount; index++, start += windowFrames)
        {
            int frames = Math.Min(windowFrames, clip.FrameCount - start);
            var duration = TimeSpan.FromSeconds((double)frames / clip.SampleRate);
            AudioClip part = clip.Slice(start, frames);
            ClipDecision decision = SamplesAtFeatureRate(frames, clip.SampleRate) < _minimumSamples
                ? Unfit(clip.Source, InputHealthAnalyzer.Analyze(part), TooShort(duration))
                : Decide(part);
            yield return new WindowDecision(index, TimeSpan.FromSeconds((double)start / clip.SampleRate), duration, frames < windowFrames, decision);
        }
    }

    private string TooShort(TimeSpan duration) => string.Create(CultureInfo.InvariantCulture,
        $"too short: {duration.TotalSeconds:0.###} s; the model needs at least {MinimumDuration.TotalSeconds:0.###} s");

    // ceil(frames * to / from), the resampler's output length.
    private long SamplesAtFeatureRate(long frames, int sampleRate) =>
        ((frames * Extractor.Options.SampleRate) + sampleRate - 1) / sampleRate;

    private static long MinimumSamplesOf(FeatureOptions options, int minimumFrames)
    {
        if (!options.Center)
        {
            return options.FftSize + ((long)(minimumFrames - 1) * options.HopLength);
        }

        // Centred frames: 1 + samples / hop of them (Stft.FrameCount).
        long forFrames = Math.Max(1, (long)(minimumFrames - 1) * options.HopLength);
        return options.PadMode == PadMode.Reflect ? Math.Max(forFrames, (options.FftSize / 2) + 1) : forFrames;
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
        return new ClipDecision(source, anomalous ? ScoreVerdict.Anomalous : ScoreVerdict.Normal, score, Threshold.Value, kind, ModelId, health, null);
    }

    /// <summary>
    /// An autoencoder's anomaly map of a clip: its log-mel features and the squared reconstruction error per frame and
    /// mel band (<see cref="AutoencoderScorer.Explain"/>), one forward pass, thread-safe like <see cref="Decide(AudioClip)"/>.
    /// Input health is not checked: the map of a silent clip is drawn as it is.
    /// </summary>
    /// <exception cref="ModelException">The model is a classifier: it has no reconstruction to compare with (its occlusion map costs hundreds of passes).</exception>
    /// <exception cref="InputException">The clip cannot be turned into features, or is shorter than <see cref="MinimumDuration"/>.</exception>
    public ClipExplanation ExplainReconstruction(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (Bundle.Kind != ModelKind.Autoencoder)
        {
            throw new ModelException(
                $"Model {ModelId[..12]} is a {Bundle.Kind.ToString().ToLowerInvariant()}: only an autoencoder has a reconstruction error to map.");
        }

        FeatureMatrix logMel = Extractor.LogMel(clip);
        if (logMel.Rows < MinimumFrames)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"{clip.Source ?? "The clip"} is too short for an anomaly map: {logMel.Rows} frames; the model needs at least {MinimumFrames} ({MinimumDuration.TotalSeconds:0.###} s)."));
        }

        return new ClipExplanation(logMel, _scorer.Explain(logMel));
    }

    private ClipDecision Unfit(string? source, InputHealth health, string reason) =>
        new(source, ScoreVerdict.InputUnfit, null, Threshold.Value, null, ModelId, health, reason);

    public void Dispose()
    {
        _scorer.Dispose();
        if (_ownsBundle)
        {
            Bundle.Dispose();
        }
    }
}
