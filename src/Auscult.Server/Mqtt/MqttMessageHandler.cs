using System.Globalization;
using System.Security.Cryptography;
using Auscult.Messaging;
using Auscult.Server.Clips;

namespace Auscult.Server.Mqtt;

/// <summary>
/// Decides what one MQTT message means and hands it to <see cref="ClipIngestion"/>, the same path an HTTP POST takes:
/// a clip on <c>auscult/v1/{site}/{machineId}/clip</c> with its user properties (<see cref="ClipProperties"/>), or a
/// device's score on <c>.../local-score</c>. A message that can never be stored (bytes that do not match their sha256,
/// no clip id, not a WAV file, an unknown machine without a type, ...) is refused: the caller acknowledges it and
/// records why, so it is not redelivered forever. Anything else that fails (the database is down, a disk is full)
/// propagates, and the caller retries without acknowledging.
/// </summary>
public sealed class MqttMessageHandler
{
    private readonly ClipIngestion _ingestion;
    private readonly long _maxClipBytes;

    public MqttMessageHandler(ClipIngestion ingestion, Microsoft.Extensions.Options.IOptions<ServerOptions> options)
    {
        _ingestion = ingestion;
        _maxClipBytes = options.Value.MaxClipBytes;
    }

    /// <summary>Stores <paramref name="message"/> or says why it never will be.</summary>
    public async Task<MessageOutcome> HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        string? clipId = Property(message, ClipProperties.ClipId);
        string? deviceId = Property(message, ClipProperties.DeviceId);
        if (!MqttTopics.TryParseMachineTopic(message.Topic, out string site, out string machineId, out string level)
            || level is not (MqttTopics.ClipLevel or MqttTopics.LocalScoreLevel))
        {
            return new MessageOutcome(null, null, $"'{message.Topic}' is not a topic the service reads ({MqttTopics.AllClips} or {MqttTopics.AllLocalScores}).",
                clipId, deviceId);
        }

        try
        {
            return level == MqttTopics.ClipLevel
                ? await ClipAsync(message, site, machineId, clipId, deviceId, cancellationToken).ConfigureAwait(false)
                : await LocalScoreAsync(message, site, machineId, cancellationToken).ConfigureAwait(false);
        }
        catch (ProblemException e) when (e.StatusCode is >= 400 and < 500)
        {
            return new MessageOutcome(site, null, e.Message, clipId, deviceId);
        }
        catch (InputException e)
        {
            return new MessageOutcome(site, null, e.Message, clipId, deviceId);
        }
    }

    private async Task<MessageOutcome> ClipAsync(IncomingMessage message, string site, string machineId, string? clipId, string? deviceId,
        CancellationToken cancellationToken)
    {
        string? sha256 = Property(message, ClipProperties.Sha256);
        string? refusal = clipId is null ? $"the clip has no '{ClipProperties.ClipId}' user property (the service stores a clip id once)"
            : sha256 is null ? $"clip {clipId} has no '{ClipProperties.Sha256}' user property"
            : message.Payload.Length > _maxClipBytes ? $"clip {clipId} is {message.Payload.Length} bytes; the service accepts up to {_maxClipBytes} (Auscult:MaxClipBytes)"
            : null;
        DateTimeOffset? recordedAt = null;
        if (refusal is null && Property(message, ClipProperties.RecordedAt) is { } text)
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                recordedAt = at;
            }
            else
            {
                refusal = $"clip {clipId}: '{ClipProperties.RecordedAt}' '{text}' is not an ISO 8601 time";
            }
        }

        if (refusal is null)
        {
            string actual = Convert.ToHexStringLower(SHA256.HashData(message.Payload.Span));
            if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
            {
                refusal = $"clip {clipId}: its {message.Payload.Length} bytes have SHA-256 {actual}, not the {sha256} its '{ClipProperties.Sha256}' property says (damaged in transit or by the sender)";
            }
        }

        if (refusal is not null)
        {
            return new MessageOutcome(site, null, refusal, clipId, deviceId);
        }

        var upload = new ClipUpload(machineId, message.Payload, clipId, recordedAt, Property(message, ClipProperties.MachineType), deviceId, site);
        var result = await _ingestion.IngestAsync(upload, cancellationToken).ConfigureAwait(false);
        return new MessageOutcome(site, result, null, clipId, deviceId);
    }

    private async Task<MessageOutcome> LocalScoreAsync(IncomingMessage message, string site, string machineId, CancellationToken cancellationToken)
    {
        var score = ScoreMessage.Parse(message.Payload.Span, message.Topic);
        if (!string.Equals(score.MachineId, machineId, StringComparison.Ordinal))
        {
            return new MessageOutcome(site, null, $"the score of clip {score.ClipId} names machine '{score.MachineId}' but was published on {message.Topic}",
                score.ClipId, score.DeviceId);
        }

        var result = await _ingestion.IngestLocalScoreAsync(score, site, cancellationToken).ConfigureAwait(false);
        return new MessageOutcome(site, result, null, score.ClipId, score.DeviceId);
    }

    private static string? Property(IncomingMessage message, string name) =>
        message.Properties.TryGetValue(name, out string? value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
