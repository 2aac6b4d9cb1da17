namespace Auscult.Agent.Scoring;

/// <summary>
/// The seam for local scoring (<c>auscult agent --model BUNDLE</c>, not built yet): a managed forward pass of a model
/// bundle's autoencoder that scores a clip on the device. <see cref="EdgeAgent"/> calls it between a source and the
/// spool when <see cref="AgentOptions.Scorer"/> is set; the transports then publish every clip's score and the audio
/// only of anomalous, input-unfit and sampled normal clips.
/// </summary>
public interface IClipScorer
{
    /// <summary>Scores one clip. Must be thread-safe: several sources may call it at once.</summary>
    LocalScore Score(CapturedClip clip);
}
