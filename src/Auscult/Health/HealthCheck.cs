namespace Auscult.Health;

/// <summary>The input checks <see cref="InputHealthAnalyzer"/> makes.</summary>
public enum HealthCheck
{
    /// <summary>NaN or infinite samples.</summary>
    NonFinite,

    /// <summary>The level is so low that the microphone hears nothing (digital silence or a disconnected input).</summary>
    Silence,

    /// <summary>Too many samples at full scale: the recording is distorted.</summary>
    Clipping,

    /// <summary>The samples' mean is far from zero (a faulty preamplifier or coupling).</summary>
    DcOffset,

    /// <summary>A long run of one repeated value (a dropout or a stuck converter).</summary>
    FlatRun,

    /// <summary>The clip is shorter or longer than the model's training clips.</summary>
    Duration,

    /// <summary>The level differs from the model's training clips by more than a microphone or gain change explains.</summary>
    Level,

    /// <summary>The recording's sample rate differs from the training clips' (resampling changes the top bands).</summary>
    SampleRate,

    /// <summary>One channel of a multi-channel recording is silent while the others are not.</summary>
    DeadChannel,

    /// <summary>Two channels of a multi-channel recording carry the same samples.</summary>
    DuplicateChannel,
}
