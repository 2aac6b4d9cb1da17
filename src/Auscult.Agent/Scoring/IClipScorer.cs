using Auscult.Scoring;

namespace Auscult.Agent.Scoring;

/// <summary>
/// Local scoring (<c>auscult agent --model BUNDLE</c>): decides a clip on the device. <see cref="EdgeAgent"/> calls it
/// between a source and the spool when <see cref="AgentOptions.Scorer"/> is set; the agent then publishes every clip's
/// score and the audio only of anomalous, input-unfit and sampled normal clips (<see cref="NormalAudioSampler"/>).
/// </summary>
public interface IClipScorer
{
    /// <summary>Decides one clip. Must be thread-safe: several sources may call it at once.</summary>
    /// <exception cref="InputException">The clip's bytes are not a WAV file the agent can read.</exception>
    /// <exception cref="ModelException">The model scored the clip NaN or infinite.</exception>
    ManagedDecision Score(CapturedClip clip);
}
