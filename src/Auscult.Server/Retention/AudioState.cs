namespace Auscult.Server.Retention;

/// <summary>Where a clip's audio stands with retention.</summary>
public enum AudioState
{
    /// <summary>Stored; retention decides on it once it is older than <see cref="RetentionOptions.DeleteAudioAfter"/>.</summary>
    Stored,

    /// <summary>Kept for good (<see cref="ClipAudio.KeptBecause"/> says why).</summary>
    Kept,

    /// <summary>Deleted by retention (the clip and its scores stay); <c>/audio</c> answers 410.</summary>
    Deleted,
}
