using System.Text.Json;

namespace Auscult.Messaging;

/// <summary>
/// A clip's score as JSON on MQTT: what an agent that scores on the device publishes on
/// <see cref="MqttTopics.LocalScore"/>, and what the service publishes on <see cref="MqttTopics.Score"/> after each stored
/// clip (then with <see cref="ServerClipId"/>, <see cref="AlertId"/> and <see cref="ScoredAt"/>). One record for both, so
/// the two sides cannot drift apart.
/// </summary>
/// <param name="ClipId">The sender's clip id (the agent's UUIDv7): the same id as the clip's <c>clipId</c> property.</param>
/// <param name="MachineId">The machine.</param>
/// <param name="MachineType">The machine's type (registers an unknown machine); may be null on the service's messages.</param>
/// <param name="DeviceId">The agent that recorded the clip, when known.</param>
/// <param name="RecordedAt">When the recording started (UTC).</param>
/// <param name="Verdict"><c>normal</c>, <c>anomalous</c>, <c>input-unfit</c> or <c>no-model</c> (OPERATIONS.md's words).</param>
/// <param name="Score">The anomaly score; null when the clip was unfit or no model was active.</param>
/// <param name="Threshold">The threshold the verdict used; null when no model.</param>
/// <param name="ModelId">The model bundle's id (its SHA-256); the service stores device scores only of bundles it holds.</param>
/// <param name="Kind">The most likely anomaly kind, when the model names kinds.</param>
/// <param name="UnfitReason">Why the input was unfit, in words.</param>
public sealed record ScoreMessage(
    string ClipId,
    string MachineId,
    string? MachineType,
    string? DeviceId,
    DateTimeOffset? RecordedAt,
    string Verdict,
    double? Score,
    double? Threshold,
    string? ModelId,
    string? Kind = null,
    string? UnfitReason = null)
{
    /// <summary>The service's id of the stored clip (service messages only).</summary>
    public string? ServerClipId { get; init; }

    /// <summary>The alert the clip opened or updated (service messages only).</summary>
    public string? AlertId { get; init; }

    /// <summary>When the service stored it (service messages only).</summary>
    public DateTimeOffset? ScoredAt { get; init; }

    /// <summary>The SHA-256 of the clip's WAV bytes, lower-case hex, also when its audio is not sent (agent messages only).</summary>
    public string? Sha256 { get; init; }

    /// <summary>The clip's level (RMS, dBFS) for input monitoring; null for digital silence (agent messages only).</summary>
    public double? RmsDbfs { get; init; }

    /// <summary>
    /// Whether the agent publishes the clip's audio too, on <see cref="MqttTopics.Clip"/> with the same clip id (anomalous,
    /// input-unfit and sampled normal clips); the service then keeps that audio with this score (agent messages only).
    /// </summary>
    public bool? AudioSent { get; init; }

    /// <summary>The word for a local verdict on the wire (OPERATIONS.md: <c>normal</c>, <c>anomalous</c>, <c>input-unfit</c>).</summary>
    public static string VerdictName(Scoring.ScoreVerdict verdict) => verdict switch
    {
        Scoring.ScoreVerdict.Normal => "normal",
        Scoring.ScoreVerdict.Anomalous => "anomalous",
        Scoring.ScoreVerdict.InputUnfit => "input-unfit",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "not a verdict"),
    };

    /// <summary>The UTF-8 JSON of this message (camelCase; nulls written).</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, MessagingJsonContext.Default.ScoreMessage);

    /// <summary>Reads a message.</summary>
    /// <exception cref="InputException">Not a score message: what is wrong, naming <paramref name="source"/>.</exception>
    public static ScoreMessage Parse(ReadOnlySpan<byte> json, string source)
    {
        ScoreMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(json, MessagingJsonContext.Default.ScoreMessage);
        }
        catch (JsonException e)
        {
            throw new InputException($"{source}: not a score message ({e.Message})");
        }

        if (message is null || string.IsNullOrWhiteSpace(message.ClipId) || string.IsNullOrWhiteSpace(message.MachineId) || string.IsNullOrWhiteSpace(message.Verdict))
        {
            throw new InputException($"{source}: a score message needs clipId, machineId and verdict.");
        }

        return message;
    }
}
