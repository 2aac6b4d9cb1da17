using System.Security.Cryptography;
using Auscult.Messaging;
using MQTTnet;
using MQTTnet.Protocol;

namespace Auscult.Server.Tests.TestSupport;

/// <summary>A device as a test plays it: publishes clips (with the agent's user properties) and scores with QoS 1.</summary>
internal sealed class ClipPublisher : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    public static async Task<ClipPublisher> ConnectAsync(int port, string? user = null, string? password = null)
    {
        var publisher = new ClipPublisher();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId("test-device-" + Guid.NewGuid().ToString("N")[..8]);
        if (user is not null)
        {
            builder = builder.WithCredentials(user, password);
        }

        var options = builder.Build();
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = MqttSocketBuffer.Bytes;
        var result = await publisher._client.ConnectAsync(options);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"the test device was refused: {result.ResultCode}");
        }

        return publisher;
    }

    /// <summary>Publishes a clip; <paramref name="sha256"/> overrides the true hash (a damaged message).</summary>
    public Task<MqttClientPublishResult> ClipAsync(string site, string machineId, byte[] wav, string clipId, string? sha256 = null) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(MqttTopics.Clip(site, machineId))
            .WithPayload(wav)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithUserProperty(ClipProperties.ClipId, U8(clipId))
            .WithUserProperty(ClipProperties.RecordedAt, U8("2026-12-01T08:00:00.000Z"))
            .WithUserProperty(ClipProperties.DeviceId, U8("edge-01"))
            .WithUserProperty(ClipProperties.MachineType, U8("fan"))
            .WithUserProperty(ClipProperties.Sha256, U8(sha256 ?? Convert.ToHexStringLower(SHA256.HashData(wav))))
            .Build());

    /// <summary>Publishes a device's score.</summary>
    public Task<MqttClientPublishResult> LocalScoreAsync(string site, ScoreMessage score) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(MqttTopics.LocalScore(site, score.MachineId))
            .WithPayload(score.ToJson())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

    /// <summary>Publishes any bytes on any topic with QoS 1.</summary>
    public Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _client.DisconnectAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Already gone.
        }

        _client.Dispose();
    }

    private static ReadOnlyMemory<byte> U8(string value) => System.Text.Encoding.UTF8.GetBytes(value);
}
