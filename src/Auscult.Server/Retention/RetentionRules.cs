namespace Auscult.Server.Retention;

/// <summary>
/// The rule that decides a clip's audio, with no database or clock: an alert's clip, a labelled clip, an anomalous clip
/// (when kept) and the first normal clip of its machine and sample period are kept; every other clip's audio goes.
/// </summary>
public static class RetentionRules
{
    /// <summary>The sample period a time falls in (periods counted from the Unix epoch); 0 when there is no sample.</summary>
    public static long SamplePeriodOf(DateTimeOffset receivedAt, TimeSpan sampleEvery) =>
        sampleEvery <= TimeSpan.Zero ? 0 : receivedAt.ToUnixTimeMilliseconds() / (long)sampleEvery.TotalMilliseconds;

    /// <summary>Whether a verdict makes a clip eligible for the normal sample (normal, or not scored for want of a model).</summary>
    public static bool IsSampleable(Verdict? verdict) => verdict is Verdict.Normal or Verdict.NoModel or null;

    /// <summary>
    /// Decides the clips of one batch, oldest first: the reason each is kept, or null to delete its audio.
    /// <paramref name="sampleTaken"/> says whether a machine already has a kept sample in a period; the decisions made
    /// here are added to it, so the first sampleable clip of a period wins.
    /// </summary>
    public static IReadOnlyList<AudioKeptReason?> Decide(IReadOnlyList<RetentionCandidate> oldestFirst, RetentionOptions options,
        Func<string, long, bool> sampleTaken)
    {
        ArgumentNullException.ThrowIfNull(oldestFirst);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sampleTaken);
        var takenHere = new HashSet<(string, long)>();
        var decisions = new AudioKeptReason?[oldestFirst.Count];
        for (int i = 0; i < oldestFirst.Count; i++)
        {
            var clip = oldestFirst[i];
            if (clip.InAlert)
            {
                decisions[i] = AudioKeptReason.Alert;
            }
            else if (clip.Labelled)
            {
                decisions[i] = AudioKeptReason.Label;
            }
            else if (options.KeepAnomalous && clip.Verdict == Verdict.Anomalous)
            {
                decisions[i] = AudioKeptReason.Anomalous;
            }
            else if (options.SampleEvery > TimeSpan.Zero && IsSampleable(clip.Verdict))
            {
                long period = SamplePeriodOf(clip.ReceivedAt, options.SampleEvery);
                var key = (clip.MachineId, period);
                if (!takenHere.Contains(key) && !sampleTaken(clip.MachineId, period))
                {
                    takenHere.Add(key);
                    decisions[i] = AudioKeptReason.Sample;
                }
            }
        }

        return decisions;
    }
}
