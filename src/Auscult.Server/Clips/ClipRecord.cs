namespace Auscult.Server.Clips;

/// <summary>A stored clip with its scores (<c>GET /api/v1/clips/{id}</c>).</summary>
/// <param name="Id">The server's id.</param>
/// <param name="MachineId">The machine.</param>
/// <param name="ClientClipId">The sender's id for it (its idempotency key).</param>
/// <param name="DeviceId">The key or device that sent it.</param>
/// <param name="ReceivedAt">When the service received it.</param>
/// <param name="RecordedAt">When the sender says it was recorded.</param>
/// <param name="Format">The WAV encoding, e.g. <c>PCM 16-bit</c>.</param>
/// <param name="SampleRate">Hz.</param>
/// <param name="Channels">Channel count.</param>
/// <param name="DurationSeconds">Seconds.</param>
/// <param name="SizeBytes">The WAV file's size.</param>
/// <param name="Sha256">SHA-256 of the WAV bytes, lower-case hex.</param>
/// <param name="Health">Its input checks.</param>
/// <param name="HasAudio">Whether the audio is still kept (<c>/audio</c> serves it).</param>
/// <param name="Scores">Its scores, oldest first.</param>
public sealed record ClipRecord(string Id, string MachineId, string ClientClipId, string? DeviceId, DateTimeOffset ReceivedAt, DateTimeOffset? RecordedAt,
    string Format, int SampleRate, int Channels, double DurationSeconds, long SizeBytes, string Sha256, ClipHealth Health, bool HasAudio,
    IReadOnlyList<ScorePoint> Scores)
{
    /// <summary>Whether the audio is kept, why, and until when (retention); null where the caller did not look it up.</summary>
    public Retention.ClipAudio? Audio { get; init; }
}
