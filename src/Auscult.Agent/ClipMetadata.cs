using System.Text.Json.Serialization;

namespace Auscult.Agent;

/// <summary>
/// What travels with a clip's WAV bytes: written beside the audio in the spool and sent as MQTT user properties or
/// HTTP headers.
/// </summary>
/// <param name="ClipId">A UUIDv7 (time-ordered) chosen when the clip enters the spool; the service stores a clip id once.</param>
/// <param name="MachineId">The machine the clip was recorded from, e.g. <c>fan-01</c>; a topic level, so no <c>/</c>, <c>+</c> or <c>#</c>.</param>
/// <param name="MachineType">The machine's type, e.g. <c>fan</c>.</param>
/// <param name="RecordedAt">When the recording started (UTC).</param>
/// <param name="Sha256">The SHA-256 of the WAV bytes, lower-case hex.</param>
/// <param name="DeviceId">The agent (edge device) that recorded it.</param>
/// <param name="SizeBytes">The size of the WAV bytes.</param>
public sealed record ClipMetadata(
    Guid ClipId,
    string MachineId,
    string MachineType,
    DateTimeOffset RecordedAt,
    string Sha256,
    string DeviceId,
    long SizeBytes)
{
    /// <summary>The file the clip was read from (folder source), so a restart can finish moving it; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SourcePath { get; init; }

    /// <summary>
    /// The clip's local score (<c>--model</c>), published on <c>.../local-score</c> before the audio; null when the agent does
    /// not score. When its <see cref="Messaging.ScoreMessage.AudioSent"/> is false the spool holds no audio for the clip.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Messaging.ScoreMessage? Score { get; init; }

    /// <summary>Whether the clip's audio is in the spool and goes out (always, unless a local score says otherwise).</summary>
    [JsonIgnore]
    public bool HasAudio => Score is not { AudioSent: false };

    /// <summary><see cref="RecordedAt"/> in ISO 8601 with milliseconds and an offset, as headers and properties carry it.</summary>
    [JsonIgnore]
    public string RecordedAtText => RecordedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
