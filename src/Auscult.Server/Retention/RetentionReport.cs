namespace Auscult.Server.Retention;

/// <summary>What one retention run did.</summary>
/// <param name="Ran">False when another instance held the lease (nothing was looked at).</param>
/// <param name="Decided">Clips decided on (kept or deleted).</param>
/// <param name="Deleted">Clips whose audio was deleted.</param>
/// <param name="Kept">Clips whose audio was kept for good, by reason.</param>
/// <param name="FreedBytes">The size of the audio deleted (decided clips and expired samples).</param>
/// <param name="ExpiredSamples">Normal samples older than <see cref="RetentionOptions.KeepSamplesFor"/> whose audio was deleted.</param>
public sealed record RetentionReport(bool Ran, int Decided, int Deleted, IReadOnlyDictionary<AudioKeptReason, int> Kept, long FreedBytes,
    int ExpiredSamples = 0)
{
    /// <summary>The report of a run that did not take place.</summary>
    public static RetentionReport Skipped { get; } = new(false, 0, 0, new Dictionary<AudioKeptReason, int>(), 0);
}
