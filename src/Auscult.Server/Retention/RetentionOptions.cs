namespace Auscult.Server.Retention;

/// <summary>
/// What audio the service keeps (configuration section <c>Auscult:Retention</c>). Audio is kept for clips in alerts,
/// labelled clips, anomalous clips and a sample of normal clips; the audio of every other clip is deleted once it is
/// older than <see cref="DeleteAudioAfter"/>; the sample's own audio goes after <see cref="KeepSamplesFor"/>. Clips and
/// their scores are never deleted.
/// </summary>
/// <remarks>
/// Sizes: one 10-s clip every 5 minutes is 92 MB of audio a day per machine; with the defaults a machine holds about
/// 7 x 92 MB of recent audio plus 90 days of 24 sample clips (7.7 MB) a day, 0.69 GB, and the clips of its alerts and
/// labels.
/// </remarks>
public sealed class RetentionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Auscult:Retention";

    /// <summary>Whether the retention job runs at all.</summary>
    /// <value>Default true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a clip's audio is kept before retention decides on it (by the time the clip was received).</summary>
    /// <value>Default 7 days: time for an operator to look at and label last week's clips; 1 hour to 3650 days.</value>
    public TimeSpan DeleteAudioAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The normal-clip sample: per machine, the first normal clip received in each period of this length (UTC, counted
    /// from the Unix epoch, so an hour is a clock hour) keeps its audio. Clips without a model's verdict (<c>no-model</c>)
    /// count as normal: they are what a new site's first model trains on. Zero keeps no sample.
    /// </summary>
    /// <value>Default 1 hour (24 clips a machine a day); zero, or 1 minute to 30 days.</value>
    public TimeSpan SampleEvery { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long the normal sample's audio is kept (by the time the clip was received); then it is deleted like any other
    /// normal clip's, unless the clip was labelled or joined an alert since. Zero keeps samples for good.
    /// </summary>
    /// <value>Default 90 days (a season of normal sound to retrain or compare with); zero, or from <see cref="DeleteAudioAfter"/> to 3650 days.</value>
    public TimeSpan KeepSamplesFor { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Whether the audio of an anomalous clip that is in no alert (one odd clip) is kept too.</summary>
    /// <value>Default true: they are few, and they are the ones worth listening to.</value>
    public bool KeepAnomalous { get; set; } = true;

    /// <summary>How often the job runs. The first run is one interval after the service starts.</summary>
    /// <value>Default 15 minutes; 10 seconds to 1 day.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Clips decided per transaction; each batch commits, so an interrupted run keeps its progress.</summary>
    /// <value>Default 500; 1 to 100,000.</value>
    public int BatchSize { get; set; } = 500;
}
