namespace Auscult.Server.Retention;

/// <summary>Why retention kept a clip's audio for good (stored as its wire name in <c>clips.audio_kept</c>).</summary>
public enum AudioKeptReason
{
    /// <summary>The clip is in an alert.</summary>
    Alert,

    /// <summary>The clip is labelled (training data).</summary>
    Label,

    /// <summary>
    /// The clip is its machine's normal sample for its period (<see cref="RetentionOptions.SampleEvery"/>), until
    /// <see cref="RetentionOptions.KeepSamplesFor"/>.
    /// </summary>
    Sample,

    /// <summary>The clip scored anomalous, though in no alert (<see cref="RetentionOptions.KeepAnomalous"/>).</summary>
    Anomalous,
}
