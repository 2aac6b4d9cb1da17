namespace Auscult.Server.Retention;

/// <summary>Whether a clip's audio is kept (<c>GET /api/v1/clips/{id}</c>, field <c>audio</c>).</summary>
/// <param name="State">Stored, kept or deleted.</param>
/// <param name="KeptBecause">Why it is kept for good, when it is.</param>
/// <param name="DecideAfter">While stored: when retention will decide on it (kept or deleted).</param>
/// <param name="DeletedAt">When retention deleted it.</param>
public sealed record ClipAudio(AudioState State, AudioKeptReason? KeptBecause, DateTimeOffset? DecideAfter, DateTimeOffset? DeletedAt);
