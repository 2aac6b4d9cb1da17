using System.Globalization;
using Auscult.Audio;
using Auscult.Evaluation;
using Auscult.Features;
using Auscult.Health;

namespace Auscult.Scoring;

/// <summary>
/// The clip-to-decision path of an autoencoder bundle in managed code, for hosts without libtorch (the edge agent):
/// the input health against the bundle's input reference, the bundle's log-mel features, the
/// <see cref="ManagedAutoencoder"/>'s score and the one rule (<see cref="DecisionRule"/>, score &gt; threshold). It
/// follows the TorchSharp <c>Detector</c> step for step, so the two cannot decide a clip differently (tests compare them).
/// </summary>
/// <remarks>Thread-safe: the extractor and the model are.</remarks>
public sealed class ManagedDetector
{
    /// <summary>A detector over a loaded model.</summary>
    public ManagedDetector(ManagedAutoencoder model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        Extractor = new ClipFeatureExtractor(model.Manifest.Features);
        MinimumFrames = Math.Max(1, model.Manifest.Features.ContextFrames);
    }

    /// <summary>Loads the autoencoder bundle at <paramref name="path"/>.</summary>
    /// <exception cref="ModelException">Not a valid autoencoder bundle (see <see cref="ManagedAutoencoder.Load(string)"/>).</exception>
    public static ManagedDetector Load(string path) => new(ManagedAutoencoder.Load(path));

    /// <summary>The model.</summary>
    public ManagedAutoencoder Model { get; }

    /// <summary>The feature extraction the bundle names.</summary>
    public ClipFeatureExtractor Extractor { get; }

    /// <summary>The model's identity (SHA-256 of the bundle, lower-case hex).</summary>
    public string ModelId => Model.Identity;

    /// <summary>The threshold the decisions use.</summary>
    public double Threshold => Model.Manifest.Threshold;

    /// <summary>The fewest log-mel frames the model scores: one context vector.</summary>
    public int MinimumFrames { get; }

    /// <summary>Decides on a decoded clip: health, features, score, verdict.</summary>
    /// <exception cref="InputException">The clip cannot be turned into features (e.g. a rate that cannot be resampled).</exception>
    /// <exception cref="ModelException">The model scored the clip NaN or infinite.</exception>
    public ManagedDecision Decide(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        InputHealth health = InputHealthAnalyzer.Analyze(clip, Model.Manifest.InputReference);
        if (!health.IsFit)
        {
            return Unfit(clip.Source, health, health.UnfitReason);
        }

        return Decide(Extractor.LogMel(clip), clip.Source, health);
    }

    /// <summary>Decides on a whole WAV file's bytes.</summary>
    /// <exception cref="InputException">The bytes are not a WAV file Auscult can read (named <paramref name="source"/> in the message).</exception>
    public ManagedDecision Decide(byte[] wav, string? source)
    {
        ArgumentNullException.ThrowIfNull(wav);
        using var stream = new MemoryStream(wav, writable: false);
        return Decide(WavReader.Read(stream, source));
    }

    /// <summary>Decides on a clip's log-mel matrix computed with <see cref="Extractor"/>, given the clip's input health.</summary>
    public ManagedDecision Decide(FeatureMatrix logMel, string? source, InputHealth health)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        ArgumentNullException.ThrowIfNull(health);
        var options = Extractor.Options;
        if (logMel.Rows < MinimumFrames)
        {
            double seconds = (double)MinimumFrames * options.HopLength / options.SampleRate;
            return Unfit(source, health, string.Create(CultureInfo.InvariantCulture,
                $"too short: {logMel.Rows} frames; the model needs at least {MinimumFrames} (about {seconds:0.##} s)"));
        }

        double score = Model.Score(logMel);
        if (!double.IsFinite(score))
        {
            // Finite weights and finite features can still overflow; a NaN must never read as "not anomalous".
            throw new ModelException($"The model scored {source ?? "a clip"} {score}; its weights cannot be trusted.");
        }

        var verdict = DecisionRule.IsAnomalous(score, Threshold) ? ScoreVerdict.Anomalous : ScoreVerdict.Normal;
        return new ManagedDecision(source, verdict, score, Threshold, ModelId, health, null);
    }

    private ManagedDecision Unfit(string? source, InputHealth health, string reason) =>
        new(source, ScoreVerdict.InputUnfit, null, Threshold, ModelId, health, reason);
}
