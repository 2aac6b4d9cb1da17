using System.Text.Json;
using System.Text.Json.Serialization;
using Auscult.Bundles;
using Auscult.Scoring;

namespace Auscult.Operations;

/// <summary>
/// The score of a clip an edge agent scored on the device (<c>auscult agent --model BUNDLE</c>), as it publishes it in
/// JSON on <c>auscult/v1/{site}/{machineId}/local-score</c> (MQTT 5, QoS 1, one message per clip). The clip's audio follows on
/// <c>.../clip</c> with the same <see cref="ClipId"/> only when <see cref="AudioSent"/>; the service stores a clip id
/// once, whichever message comes first.
/// </summary>
/// <remarks>
/// Its JSON reads as the service's <c>ScoreMessage</c> (branch h-mqtt: clipId, machineId, machineType, deviceId,
/// recordedAt, verdict, score, threshold, modelId, unfitReason; the extra sha256, rmsDbfs and audioSent are ignored
/// there). Once both are merged the two records should become one.
/// </remarks>
/// <param name="ClipId">The clip's id (a UUIDv7), the same as its audio's <c>clipId</c> user property.</param>
/// <param name="MachineId">The machine, e.g. <c>fan-01</c>.</param>
/// <param name="MachineType">The machine's type, e.g. <c>fan</c>.</param>
/// <param name="DeviceId">The agent that recorded and scored it.</param>
/// <param name="RecordedAt">When the recording started (UTC).</param>
/// <param name="Sha256">The SHA-256 of the clip's WAV bytes, lower-case hex (also when the audio is not sent).</param>
/// <param name="ModelId">The model bundle's identity (its SHA-256, lower-case hex).</param>
/// <param name="Verdict"><c>normal</c>, <c>anomalous</c> or <c>input-unfit</c>.</param>
/// <param name="Score">The anomaly score; null when the input is unfit.</param>
/// <param name="Threshold">The model's threshold: scores above it are anomalous.</param>
/// <param name="UnfitReason">Why the input is unfit, in words; null when scored.</param>
/// <param name="RmsDbfs">The clip's level (RMS, dBFS), for input monitoring; null for digital silence (-infinity dBFS, which JSON cannot carry).</param>
/// <param name="AudioSent">Whether the agent publishes the clip's audio too (anomalous, input-unfit and sampled normal clips).</param>
public sealed record LocalScore(
    Guid ClipId,
    string MachineId,
    string MachineType,
    string DeviceId,
    DateTimeOffset RecordedAt,
    string Sha256,
    string ModelId,
    [property: JsonConverter(typeof(KebabCaseEnumConverter<ScoreVerdict>))] ScoreVerdict Verdict,
    double? Score,
    double Threshold,
    string? UnfitReason,
    double? RmsDbfs,
    bool AudioSent)
{
    /// <summary>The message's UTF-8 JSON (camel-case names, verdict kebab-case).</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, OperationsJsonContext.Default.LocalScore);

    /// <summary>Reads a score message.</summary>
    /// <param name="json">The message's payload.</param>
    /// <param name="source">What messages call it (e.g. the topic).</param>
    /// <exception cref="InputException">Not a score message of this shape; the message names <paramref name="source"/> and the field.</exception>
    public static LocalScore Parse(ReadOnlySpan<byte> json, string source)
    {
        try
        {
            var score = JsonSerializer.Deserialize(json, OperationsJsonContext.Default.LocalScore)
                ?? throw new InputException($"{source}: the score message is empty (null).");
            if ((score.Score is { } s && !double.IsFinite(s)) || !double.IsFinite(score.Threshold))
            {
                throw new InputException($"{source}: the score message holds a score or threshold that is not a finite number.");
            }

            return score;
        }
        catch (JsonException e)
        {
            throw new InputException($"{source}: not a score message{(e.Path is { } at ? $" at {at}" : "")}: {e.Message}", e);
        }
    }
}

/// <summary>Source-generated JSON for the operational messages (no reflection: the agent is published trimmed).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(LocalScore))]
internal sealed partial class OperationsJsonContext : JsonSerializerContext
{
}
