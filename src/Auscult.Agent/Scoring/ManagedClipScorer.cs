using Auscult.Scoring;

namespace Auscult.Agent.Scoring;

/// <summary>
/// Scores clips with an autoencoder bundle's managed forward pass (<see cref="ManagedDetector"/>): the same input
/// health, features, score and threshold rule as the service's TorchSharp detector, without libtorch.
/// </summary>
public sealed class ManagedClipScorer : IClipScorer
{
    private readonly ManagedDetector _detector;

    /// <summary>A scorer over a loaded detector.</summary>
    public ManagedClipScorer(ManagedDetector detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        _detector = detector;
    }

    /// <summary>Loads the autoencoder bundle at <paramref name="path"/> (<c>--model</c>).</summary>
    /// <exception cref="ModelException">
    /// The file is missing, damaged, not a bundle, or holds a classifier (local scoring runs autoencoders only); the
    /// message names the file.
    /// </exception>
    public static ManagedClipScorer Load(string path) => new(ManagedDetector.Load(path));

    /// <summary>The detector: its model's identity, threshold and features.</summary>
    public ManagedDetector Detector => _detector;

    /// <inheritdoc/>
    public ManagedDecision Score(CapturedClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return _detector.Decide(clip.Wav, clip.SourcePath ?? $"{clip.MachineId} clip recorded {clip.RecordedAt:O}");
    }
}
