using Auscult.Scoring;

namespace Auscult.Agent.Scoring;

/// <summary>
/// Decides which clips' audio a locally scoring agent sends besides their scores: every anomalous and input-unfit
/// clip, and a sample of normal ones, at most one per machine per <see cref="Every"/> of recording time (a
/// machine's audio is 92 MB a day; its scores a few KB). Thread-safe.
/// </summary>
public sealed class NormalAudioSampler
{
    private readonly Dictionary<string, DateTimeOffset> _lastKept = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <param name="every">
    /// The least recording time between two normal clips of one machine whose audio is kept; null keeps no normal
    /// audio, zero keeps all of it.
    /// </param>
    public NormalAudioSampler(TimeSpan? every)
    {
        if (every is { } e && e < TimeSpan.Zero)
        {
            throw new ConfigurationException($"--normal-audio-every {e}: give a duration of zero or more, or 'never'.");
        }

        Every = every;
    }

    /// <summary>The sampling interval of normal clips per machine; null for none.</summary>
    public TimeSpan? Every { get; }

    /// <summary>Whether the audio of a clip with this verdict goes out with its score.</summary>
    /// <param name="machineId">The clip's machine.</param>
    /// <param name="recordedAt">When the clip was recorded (the sample follows the recording clock, so a replay samples as a real run would).</param>
    /// <param name="verdict">The local verdict.</param>
    public bool KeepAudio(string machineId, DateTimeOffset recordedAt, ScoreVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(machineId);
        if (verdict != ScoreVerdict.Normal)
        {
            return true;
        }

        if (Every is not { } every)
        {
            return false;
        }

        lock (_gate)
        {
            // A clip recorded before the last kept one (clock set back, sources out of order) starts the interval again.
            if (_lastKept.TryGetValue(machineId, out var last) && recordedAt >= last && recordedAt - last < every)
            {
                return false;
            }

            _lastKept[machineId] = recordedAt;
            return true;
        }
    }
}
