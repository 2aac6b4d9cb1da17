using System.Collections.Concurrent;
using System.Security.Cryptography;
using Auscult.Messaging;
using MQTTnet;
using MQTTnet.Protocol;

namespace Auscult.Agent.Tests.TestSupport;

/// <summary>
/// A test subscriber with a persistent session (clean start off, a long session expiry), so messages published while
/// it is reconnecting after a broker restart are queued for it; it reconnects by itself.
/// </summary>
internal sealed class ClipSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly MqttClientOptions _options;
    private readonly string _filter;
    private readonly CancellationTokenSource _stop = new();
    private Task? _keeper;

    public ClipSubscriber(int port, string user, string password, string filter)
    {
        _filter = filter;
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId("test-subscriber-" + Guid.NewGuid().ToString("N")[..8])
            .WithCredentials(user, password)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(600)
            .Build();
        ((MqttClientTcpOptions)_options.ChannelOptions).BufferSize = MqttSocketBuffer.Bytes;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var m = e.ApplicationMessage;
            var properties = (m.UserProperties ?? []).ToDictionary(p => p.Name, p => System.Text.Encoding.UTF8.GetString(p.ValueBuffer.Span));
            byte[] payload = System.Buffers.BuffersExtensions.ToArray(m.Payload);
            Messages.Enqueue(new Received(m.Topic, properties, payload, Convert.ToHexStringLower(SHA256.HashData(payload)), m.Retain));
            return Task.CompletedTask;
        };
    }

    public sealed record Received(string Topic, IReadOnlyDictionary<string, string> Properties, byte[] Payload, string PayloadSha256, bool Retained);

    public ConcurrentQueue<Received> Messages { get; } = new();

    public async Task StartAsync()
    {
        await ConnectAsync();
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        _keeper = Task.Run(KeepConnectedAsync);
    }

    private async Task ConnectAsync()
    {
        var result = await _client.ConnectAsync(_options);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"subscriber refused: {result.ResultCode}");
        }
    }

    private async Task KeepConnectedAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (!_client.IsConnected)
            {
                try
                {
                    // The broker kept the session (and its subscription) in its persistence file.
                    await ConnectAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The broker is still down.
                }
            }

            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_keeper is not null)
        {
            await _keeper;
        }

        try
        {
            await _client.DisconnectAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Already disconnected (the broker went first).
        }

        _client.Dispose();
        _stop.Dispose();
    }
}
