using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Auscult.Messaging;
using MQTTnet;
using MQTTnet.Protocol;

namespace Auscult.Agent.Transport;

/// <summary>
/// Publishes clips to an MQTT 5 broker with QoS 1 on <c>auscult/v1/{site}/{machineId}/clip</c>, with the user properties
/// <c>clipId</c>, <c>recordedAt</c>, <c>deviceId</c>, <c>machineType</c> and <c>sha256</c>; a clip counts as delivered
/// when its PUBACK says so. Keeps a retained status on <c>auscult/v1/{site}/{deviceId}/status</c> with a last will
/// that marks the device offline.
/// </summary>
/// <remarks>
/// MQTTnet 5 has no managed client: this transport connects once per <see cref="ConnectAsync"/>; the agent's sender loop
/// notices a lost connection (<see cref="IsConnected"/>), backs off and connects again. Sessions start clean: what is
/// not yet acknowledged is still in the spool and is published again (same clip id) after a reconnect.
/// </remarks>
public sealed class MqttClipTransport : IClipTransport
{
    private readonly MqttTransportOptions _options;
    private readonly string _deviceId;
    private readonly IMqttClient _client;

    public MqttClipTransport(MqttTransportOptions options, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _deviceId = Topics.CheckLevel(deviceId, "device id");
        Topics.CheckLevel(options.Site, "site");
        _client = new MqttClientFactory().CreateMqttClient();
    }

    /// <inheritdoc/>
    public bool IsConnected => _client.IsConnected;

    /// <inheritdoc/>
    public string Destination => $"{(_options.UseTls ? "mqtts" : "mqtt")}://{_options.Host}:{_options.Port} (site {_options.Site})";

    /// <inheritdoc/>
    public async Task ConnectAsync(AgentStatus onlineStatus, CancellationToken cancellationToken)
    {
        if (_client.IsConnected)
        {
            return;
        }

        var offline = onlineStatus with { State = "offline", Online = false };
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId(_deviceId)
            .WithCleanStart(true)
            .WithTimeout(_options.Timeout)
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithWillTopic(Topics.Status(_options.Site, _deviceId))
            .WithWillPayload(StatusBytes(offline))
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillContentType("application/json");
        if (_options.Username is not null)
        {
            builder = builder.WithCredentials(_options.Username, _options.Password ?? "");
        }

        if (_options.UseTls)
        {
            builder = builder.WithTlsOptions(tls =>
            {
                tls.UseTls(true);
                // The name the broker's certificate must carry.
                tls.WithTargetHost(_options.Host);
                if (_options.CaFile is not null)
                {
                    var authority = X509Certificate2.CreateFromPem(File.ReadAllText(_options.CaFile));
                    tls.WithCertificateValidationHandler(context => BrokerCertificates.IsTrusted(authority, context.Certificate, context.SslPolicyErrors));
                }
            });
        }

        MqttClientConnectResult result;
        try
        {
            var options = builder.Build();
            ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = MqttSocketBuffer.Bytes;
            result = await _client.ConnectAsync(options, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new TransportException($"cannot connect to {Destination}: {Innermost(e).Message}", e);
        }

        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new TransportException($"{Destination} refused the connection: {result.ResultCode}{(result.ReasonString is { Length: > 0 } r ? $" ({r})" : "")}.");
        }

        await PublishStatusAsync(onlineStatus, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<DeliveryOutcome> SendAsync(ClipMetadata clip, ReadOnlyMemory<byte> wav, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (!_client.IsConnected)
        {
            return DeliveryOutcome.Retry("not connected to the broker");
        }

        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Clip(_options.Site, clip.MachineId))
            .WithPayload(new System.Buffers.ReadOnlySequence<byte>(wav))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithContentType("audio/wav")
            .WithUserProperty("clipId", Utf8(clip.ClipId.ToString()))
            .WithUserProperty("recordedAt", Utf8(clip.RecordedAtText))
            .WithUserProperty("deviceId", Utf8(clip.DeviceId))
            .WithUserProperty("machineType", Utf8(clip.MachineType))
            .WithUserProperty("sha256", Utf8(clip.Sha256));
        if (clip.Score is { } score)
        {
            // Scored on the device: the service may store this verdict with the audio instead of scoring it again.
            builder = builder.WithUserProperty("modelId", Utf8(score.ModelId ?? "")).WithUserProperty("verdict", Utf8(score.Verdict));
        }

        return await PublishAsync(builder.Build(), clip, "clip", cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<DeliveryOutcome> SendScoreAsync(ClipMetadata clip, ScoreMessage score, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(score);
        if (!_client.IsConnected)
        {
            return DeliveryOutcome.Retry("not connected to the broker");
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(MqttTopics.LocalScore(_options.Site, clip.MachineId))
            .WithPayload(score.ToJson())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithContentType("application/json")
            .WithUserProperty("clipId", Utf8(clip.ClipId.ToString()))
            .WithUserProperty("deviceId", Utf8(clip.DeviceId))
            .Build();
        return await PublishAsync(message, clip, "score of clip", cancellationToken);
    }

    private async Task<DeliveryOutcome> PublishAsync(MqttApplicationMessage message, ClipMetadata clip, string what, CancellationToken cancellationToken)
    {
        MqttClientPublishResult result;
        try
        {
            result = await _client.PublishAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return DeliveryOutcome.Retry($"publish to {Destination} failed: {Innermost(e).Message}");
        }

        return result.ReasonCode switch
        {
            MqttClientPublishReasonCode.Success => DeliveryOutcome.Acknowledged,
            // The broker took the message but nobody subscribes to it, so it drops it: no service is subscribed yet (a
            // new site, or a broker just restarted: mosquitto 2.0 restores sessions but not their shared subscriptions
            // until the services subscribe again). The clip stays in the spool and is sent again after the back-off.
            MqttClientPublishReasonCode.NoMatchingSubscribers =>
                DeliveryOutcome.Retry($"no service subscribes to {message.Topic} yet; {what} {clip.ClipId} stays in the spool"),
            // The broker asks us to slow down, or failed on its side: the clip is fine, try later.
            MqttClientPublishReasonCode.QuotaExceeded or MqttClientPublishReasonCode.UnspecifiedError
                or MqttClientPublishReasonCode.ImplementationSpecificError or MqttClientPublishReasonCode.PacketIdentifierInUse =>
                DeliveryOutcome.Retry($"the broker did not take {what} {clip.ClipId}: {Describe(result)}"),
            // Not authorised (the ACL), a topic or payload the broker refuses: publishing again would be refused again.
            _ => DeliveryOutcome.Reject($"the broker refused {what} {clip.ClipId} on {message.Topic}: {Describe(result)}"),
        };
    }

    /// <inheritdoc/>
    public async Task PublishStatusAsync(AgentStatus status, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Status(_options.Site, _deviceId))
            .WithPayload(StatusBytes(status))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(true)
            .WithContentType("application/json")
            .Build();
        try
        {
            await _client.PublishAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Status is best effort: a lost connection shows up on the next clip.
        }
    }

    /// <inheritdoc/>
    public async Task DisconnectAsync(AgentStatus finalStatus, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return;
        }

        await PublishStatusAsync(finalStatus, cancellationToken);
        try
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Already gone.
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    internal static byte[] StatusBytes(AgentStatus status) => JsonSerializer.SerializeToUtf8Bytes(status, AgentJsonContext.Default.AgentStatus);

    private static ReadOnlyMemory<byte> Utf8(string value) => System.Text.Encoding.UTF8.GetBytes(value);

    private static string Describe(MqttClientPublishResult result) =>
        result.ReasonString is { Length: > 0 } reason ? $"{result.ReasonCode} ({reason})" : result.ReasonCode.ToString();

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
