namespace Auscult.Agent;

/// <summary>How the agent runs: who it is, when it stops and how it retries.</summary>
public sealed record AgentOptions
{
    /// <summary>This device's id: the MQTT client id, the status topic level and every clip's <c>deviceId</c>.</summary>
    public required string DeviceId { get; init; }

    /// <summary>Stop once this many clips were captured and every clip in the spool is resolved; null runs until cancelled (or a replay ends).</summary>
    public int? Count { get; init; }

    /// <summary>The first reconnect or retry wait's upper bound.</summary>
    /// <value>Default 1 s.</value>
    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest reconnect or retry wait.</summary>
    /// <value>Default 60 s.</value>
    public TimeSpan BackoffMaximum { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the status is published while nothing else happens.</summary>
    /// <value>Default 30 s.</value>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The back-off jitter's source; null for <see cref="Random.Shared"/>.</summary>
    public Random? Random { get; init; }

    /// <summary>
    /// Local scoring (<c>--model</c>): each clip is decided on the device, its score always published and its audio
    /// only when <see cref="NormalAudio"/> keeps it; null sends every clip's audio for the service to score.
    /// </summary>
    public Scoring.IClipScorer? Scorer { get; init; }

    /// <summary>Which clips' audio goes out with their local scores.</summary>
    /// <value>Default: anomalous and input-unfit clips, and one normal clip per machine per hour of recording.</value>
    public Scoring.NormalAudioSampler NormalAudio { get; init; } = new(TimeSpan.FromHours(1));
}
