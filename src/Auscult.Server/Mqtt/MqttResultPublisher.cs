using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Auscult.Messaging;
using Auscult.Server.Alerts;
using Auscult.Server.Clips;
using Auscult.Server.Machines;
using Auscult.Server.Storage;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Auscult.Server.Mqtt;

/// <summary>
/// Results back to screens, SCADA and HMIs after a clip committed: its score on <c>auscult/v1/{site}/{machineId}/score</c>,
/// the machine's state (retained) on <c>.../state</c> when it changed, and the clip's alert on
/// <c>auscult/v1/{site}/alerts</c> when its state or severity changed. At least once: a redelivered clip publishes its
/// score again (same <c>clipId</c>); after a restart the first state and alert of each machine are published again.
/// </summary>
/// <remarks>
/// The last published state and alert of each machine are kept in memory only to avoid repeating unchanged ones; they
/// matter nothing (a retained state published twice is the same state).
/// </remarks>
public sealed class MqttResultPublisher
{
    private static readonly JsonSerializerOptions AlertJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly AuscultDatabase _database;
    private readonly MachineStatus _status;
    private readonly TimeProvider _timeProvider;
    private readonly string _defaultSite;
    private readonly ConcurrentDictionary<string, MachineState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (AlertState, AlertSeverity)> _alerts = new(StringComparer.Ordinal);

    public MqttResultPublisher(AuscultDatabase database, MachineStatus status, IOptions<MqttOptions> options, TimeProvider timeProvider)
    {
        _defaultSite = options.Value.DefaultSite;
        _database = database;
        _status = status;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// The messages to publish for a committed clip (score; state and alert when changed), on its site's topics: the
    /// site of its MQTT topic, else its machine's registered site, else <c>Auscult:Mqtt:DefaultSite</c>.
    /// </summary>
    public async Task<IReadOnlyList<MqttApplicationMessage>> ResultsAsync(CommittedClip clip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var result = clip.Result;
        string? site = clip.Site;
        if (site is null)
        {
            string? registered = (await new MachineStore(_database).GetAsync(result.MachineId, cancellationToken).ConfigureAwait(false))?.Site;
            site = registered is not null && MqttTopics.IsLevel(registered) ? registered : _defaultSite;
        }

        var messages = new List<MqttApplicationMessage>(3);
        var score = new ScoreMessage(clip.ClientClipId ?? result.ClipId, result.MachineId, null, clip.DeviceId, clip.RecordedAt, WireNames.Of(result.Verdict), result.Score,
            result.Threshold, result.ModelId, result.Kind, result.UnfitReason)
        {
            ServerClipId = result.ClipId,
            AlertId = result.AlertId,
            ScoredAt = _timeProvider.GetUtcNow(),
        };
        messages.Add(Json(MqttTopics.Score(site, result.MachineId), score.ToJson(), retain: false));

        if (await StateMessageAsync(site, result.MachineId, cancellationToken).ConfigureAwait(false) is { } state)
        {
            messages.Add(state);
        }

        if (result.AlertId is { } alertId && await new AlertStore(_database).GetAsync(alertId, cancellationToken).ConfigureAwait(false) is { } alert)
        {
            if (!_alerts.TryGetValue(alertId, out var last) || last != (alert.State, alert.Severity))
            {
                _alerts[alertId] = (alert.State, alert.Severity);
                messages.Add(Json(MqttTopics.Alerts(site), JsonSerializer.SerializeToUtf8Bytes(new { site, alert }, AlertJson), retain: false));
            }
        }

        return messages;
    }

    /// <summary>
    /// Evaluates again the state of every machine this instance published one for and returns the changed ones: a
    /// machine that sent nothing for <c>Auscult:Alerts:OfflineAfter</c> becomes <c>offline</c> without a clip to trigger it.
    /// </summary>
    public async Task<IReadOnlyList<MqttApplicationMessage>> ChangedStatesAsync(CancellationToken cancellationToken)
    {
        var messages = new List<MqttApplicationMessage>();
        foreach (string key in _states.Keys)
        {
            int slash = key.IndexOf('/', StringComparison.Ordinal);
            if (await StateMessageAsync(key[..slash], key[(slash + 1)..], cancellationToken).ConfigureAwait(false) is { } state)
            {
                messages.Add(state);
            }
        }

        return messages;
    }

    private async Task<MqttApplicationMessage?> StateMessageAsync(string site, string machineId, CancellationToken cancellationToken)
    {
        if (await _status.StateAsync(machineId, cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return null;
        }

        string key = $"{site}/{machineId}";
        if (_states.TryGetValue(key, out var last) && last == current)
        {
            return null;
        }

        _states[key] = current;
        return new MqttApplicationMessageBuilder()
            .WithTopic(MqttTopics.State(site, machineId))
            .WithPayload(WireNames.Of(current))
            .WithContentType("text/plain")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(true)
            .Build();
    }

    private static MqttApplicationMessage Json(string topic, byte[] payload, bool retain) => new MqttApplicationMessageBuilder()
        .WithTopic(topic)
        .WithPayload(payload)
        .WithContentType("application/json")
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .WithRetainFlag(retain)
        .Build();
}
