using Auscult.Agent.Tests.TestSupport;
using Auscult.Messaging;
using Auscult.Server.Auth;
using Auscult.Server.Mqtt;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Auscult.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;

namespace Auscult.Server.Tests.Mqtt;

/// <summary><c>auscult serve --mqtt-listen PORT</c>: the service hosts the broker and subscribes to it like to any other.</summary>
public sealed class EmbeddedBrokerTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private LiveService _service = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        // The probed port may be taken before the broker binds it: then start again on another one.
        for (int attempt = 1; ; attempt++)
        {
            _port = LoopbackHttp.FreePort();
            try
            {
                _service = await LiveService.StartAsync(_temp.Combine($"data-{attempt}"), new Dictionary<string, string>
                {
                    ["Auscult:Mqtt:ListenPort"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Auscult:Mqtt:ListenAddress"] = "127.0.0.1",
                    ["Auscult:Mqtt:ReconnectInitial"] = "00:00:00.100",
                    ["Auscult:Mqtt:ReconnectMaximum"] = "00:00:00.500",
                });
                return;
            }
            catch (ConfigurationException) when (attempt < 5)
            {
                // Taken: try another port.
            }
        }
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        _temp.Dispose();
    }

    private async Task<string> KeyAsync(ApiRole role, params string[] machines) =>
        (await _service.Services.GetRequiredService<KeyStore>().CreateAsync(role, machines.Length == 0 ? null : machines, "test", DateTimeOffset.UtcNow)).Key;

    [Fact]
    public async Task AClipPublishedToTheInProcessBroker_IsStored_AndItsScoreComesBack()
    {
        await Eventually.TrueAsync(() => _service.Services.GetRequiredService<MqttClipConsumer>().IsConnected, "the service subscribed to its own broker");
        await _service.ActivateTestModelAsync(_service.AdminKey!);
        await using var screen = new ClipSubscriber(_port, "screen", await KeyAsync(ApiRole.Operator), "auscult/v1/hall/+/score");
        await screen.StartAsync();
        await using var device = await ClipPublisher.ConnectAsync(_port, "edge-05", await KeyAsync(ApiRole.Device, "fan-05"));

        Assert.Equal(MqttClientPublishReasonCode.Success, (await device.ClipAsync("hall", "fan-05", TestAudio.AnomalousWav(4), "embedded-1")).ReasonCode);
        await device.ClipAsync("hall", "fan-05", TestAudio.AnomalousWav(4), "embedded-1");

        await Eventually.TrueAsync(() => screen.Messages.Count >= 2, "two scores (the repeat answered with the first result)");
        var scores = screen.Messages.Select(m => ScoreMessage.Parse(m.Payload, m.Topic)).ToList();
        Assert.All(scores, s => Assert.Equal(("embedded-1", "anomalous"), (s.ClipId, s.Verdict)));
        Assert.Single(scores.Select(s => s.ServerClipId).Distinct());
        Assert.Equal(1, (await _service.CountsAsync()).Clips);
    }

    [Fact]
    public async Task TheInProcessBroker_AdmitsOnlyApiKeys_AndADeviceKeyOnlyForItsOwnMachines()
    {
        await Eventually.TrueAsync(() => _service.Services.GetRequiredService<MqttClipConsumer>().IsConnected, "the service subscribed to its own broker");
        // No password, or one that is not a key: refused at the door.
        await Assert.ThrowsAnyAsync<Exception>(() => ClipPublisher.ConnectAsync(_port));
        await Assert.ThrowsAnyAsync<Exception>(() => ClipPublisher.ConnectAsync(_port, "edge-05", "ak_not-a-real-key"));
        await Assert.ThrowsAnyAsync<Exception>(() => ClipPublisher.ConnectAsync(_port, "auscult-service", "guessed"));

        string key = await KeyAsync(ApiRole.Device, "fan-05");
        await using var device = await ClipPublisher.ConnectAsync(_port, "edge-05", key);
        // Another machine's clip is refused by the broker and never stored.
        var other = await device.ClipAsync("hall", "fan-06", TestAudio.NormalWav(2), "not-mine");
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, other.ReasonCode);
        // A device reads nothing: the clips of others, the results.
        using (var peek = new MqttClientFactory().CreateMqttClient())
        {
            await peek.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _port).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                .WithClientId("edge-05-peek").WithCredentials("edge-05", key).Build());
            var subscribed = await peek.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("auscult/v1/#").Build());
            Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, subscribed.Items.Single().ResultCode);
        }

        // A revoked key stops publishing (the key cache lets it live at most its lifetime, 10 s; revoking through the store clears it).
        var keys = _service.Services.GetRequiredService<KeyStore>();
        var id = (await keys.ListAsync()).Single(k => k.Role == ApiRole.Device).Id;
        Assert.True(await keys.RevokeAsync(id, DateTimeOffset.UtcNow));
        var revoked = await device.ClipAsync("hall", "fan-05", TestAudio.NormalWav(3), "after-revocation");
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, revoked.ReasonCode);
        Assert.Equal(0, (await _service.CountsAsync()).Clips);
    }
}
