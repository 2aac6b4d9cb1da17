using System.Net;
using System.Net.Http.Json;
using System.Text;
using Auscult.Agent.Tests.TestSupport;
using Auscult.Messaging;
using Auscult.Server.Mqtt;
using Auscult.Server.Tests.TestSupport;
using Auscult.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests.Mqtt;

/// <summary>The service against a real mosquitto 2 with passwords and an ACL (started by each test on a free port).</summary>
public sealed class MqttServiceTests : IAsyncLifetime
{
    private const string Site = MqttBrokerFixture.Site;
    private readonly TempFolder _temp = new();
    private Mosquitto _broker = null!;
    private LiveService? _service;
    private ClipSubscriber? _reader;

    public async Task InitializeAsync()
    {
        if (Mosquitto.Available)
        {
            _broker = await MqttBrokerFixture.StartAsync(_temp);
        }
    }

    public async Task DisposeAsync()
    {
        if (_reader is not null)
        {
            await _reader.DisposeAsync();
        }

        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        if (Mosquitto.Available)
        {
            await _broker.DisposeAsync();
        }

        _temp.Dispose();
    }

    private async Task<LiveService> StartServiceAsync(TimeSpan? offlineAfter = null)
    {
        var settings = MqttBrokerFixture.ServiceSettings(_broker);
        if (offlineAfter is { } after)
        {
            settings["Auscult:Alerts:OfflineAfter"] = after.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        _service = await LiveService.StartAsync(_temp.Combine("data"), settings);
        await Eventually.TrueAsync(() => _service.Services.GetRequiredService<MqttClipConsumer>().IsConnected, "the service is connected");
        return _service;
    }

    private async Task<ClipSubscriber> ReaderAsync()
    {
        _reader = new ClipSubscriber(_broker.Port, "reader", "reader-secret", $"auscult/v1/{Site}/#");
        await _reader.StartAsync();
        return _reader;
    }

    private static string Text(ClipSubscriber.Received m) => Encoding.UTF8.GetString(m.Payload);

    [MosquittoFact]
    public async Task Clips_AreStoredAndScored_AndTheResultsComeBack_ScoreStateAndAlert()
    {
        var service = await StartServiceAsync();
        await service.ActivateTestModelAsync(service.AdminKey!);
        var reader = await ReaderAsync();
        await using var device = await ClipPublisher.ConnectAsync(_broker.Port, "edge-01", "device-secret");

        await device.ClipAsync(Site, "fan-01", TestAudio.NormalWav(1), "clip-normal");
        for (int i = 0; i < 6; i++)
        {
            await device.ClipAsync(Site, "fan-01", TestAudio.AnomalousWav(10 + i), $"clip-anomalous-{i}");
        }

        await Eventually.TrueAsync(() => reader.Messages.Count(m => m.Topic == MqttTopics.Score(Site, "fan-01")) == 7, "7 scores on the score topic");
        var scores = reader.Messages.Where(m => m.Topic == MqttTopics.Score(Site, "fan-01")).Select(m => ScoreMessage.Parse(m.Payload, m.Topic)).ToList();
        Assert.Equal(["normal", "anomalous"], scores.Select(s => s.Verdict).Distinct());
        Assert.Equal("clip-normal", scores[0].ClipId);
        Assert.All(scores, s => Assert.NotNull(s.ServerClipId));
        Assert.Equal((7L, 7L, 7L), await service.CountsAsync());
        // The state went ok -> warning or alarm, retained; an alert event names the machine.
        var states = reader.Messages.Where(m => m.Topic == MqttTopics.State(Site, "fan-01")).Select(Text).ToList();
        Assert.Equal("ok", states[0]);
        Assert.Contains(states[^1], new[] { "warning", "alarm" });
        await Eventually.TrueAsync(() => reader.Messages.Any(m => m.Topic == MqttTopics.Alerts(Site) && Text(m).Contains("\"machineId\":\"fan-01\"", StringComparison.Ordinal)),
            "an alert event for fan-01");

        // A screen that connects later gets the state at once: it is retained.
        await using var late = new ClipSubscriber(_broker.Port, "reader", "reader-secret", MqttTopics.State(Site, "fan-01"));
        await late.StartAsync();
        await Eventually.TrueAsync(() => late.Messages.Any(m => m.Retained && Text(m) == states[^1]), "the retained state");
    }

    [MosquittoFact]
    public async Task ClipsPostedOverHttp_PublishTheirResults_OnTheMachinesSite_OrTheDefaultSite()
    {
        _service = await LiveService.StartAsync(_temp.Combine("data"),
            new Dictionary<string, string>(MqttBrokerFixture.ServiceSettings(_broker)) { ["Auscult:Mqtt:DefaultSite"] = "hall-b" });
        await Eventually.TrueAsync(() => _service.Services.GetRequiredService<MqttClipConsumer>().IsConnected, "the service is connected");
        await _service.ActivateTestModelAsync(_service.AdminKey!);
        using var admin = _service.Client(_service.AdminKey);
        using var register = await admin.PutAsJsonAsync("/api/v1/machines/fan-08", new { machineType = "fan", site = Site });
        register.EnsureSuccessStatusCode();
        var reader = new ClipSubscriber(_broker.Port, "reader", "reader-secret", "auscult/v1/#");
        _reader = reader;
        await reader.StartAsync();

        using (var posted = await AuscultApp.PostClipAsync(admin, "fan-08", TestAudio.NormalWav(3), clipId: "http-registered"))
        {
            posted.EnsureSuccessStatusCode();
        }

        using (var posted = await AuscultApp.PostClipAsync(admin, "fan-07", TestAudio.AnomalousWav(4), clipId: "http-unregistered", machineType: "fan"))
        {
            posted.EnsureSuccessStatusCode();
        }

        // A registered machine's results go to its site; one registered by its first clip, to Auscult:Mqtt:DefaultSite.
        await Eventually.TrueAsync(() => reader.Messages.Any(m => m.Topic == MqttTopics.Score(Site, "fan-08"))
            && reader.Messages.Any(m => m.Topic == MqttTopics.Score("hall-b", "fan-07")), "both scores on their sites' score topics");
        var registered = ScoreMessage.Parse(reader.Messages.First(m => m.Topic == MqttTopics.Score(Site, "fan-08")).Payload, MqttTopics.Score(Site, "fan-08"));
        var unregistered = ScoreMessage.Parse(reader.Messages.First(m => m.Topic == MqttTopics.Score("hall-b", "fan-07")).Payload, MqttTopics.Score("hall-b", "fan-07"));
        Assert.Equal(("http-registered", "normal"), (registered.ClipId, registered.Verdict));
        Assert.Equal(("http-unregistered", "anomalous"), (unregistered.ClipId, unregistered.Verdict));
        await Eventually.TrueAsync(() => reader.Messages.Any(m => m.Topic == MqttTopics.State(Site, "fan-08") && Text(m) == "ok"), "fan-08's state on its site");
        Assert.DoesNotContain(reader.Messages, m => m.Topic.Contains("/default/", StringComparison.Ordinal));
    }

    [MosquittoFact]
    public async Task AMachineThatFallsSilent_TurnsOffline_OnItsRetainedStateTopic()
    {
        await StartServiceAsync(offlineAfter: TimeSpan.FromSeconds(2));
        var reader = await ReaderAsync();
        await using var device = await ClipPublisher.ConnectAsync(_broker.Port, "edge-01", "device-secret");

        await device.ClipAsync(Site, "fan-02", TestAudio.NormalWav(1), "last-words");

        // No model is active: the machine has clips but no scored data.
        await Eventually.TrueAsync(() => reader.Messages.Any(m => m.Topic == MqttTopics.State(Site, "fan-02") && Text(m) == "no-data"), "the no-data state");
        await Eventually.TrueAsync(() => reader.Messages.Any(m => m.Topic == MqttTopics.State(Site, "fan-02") && Text(m) == "offline"), "the offline state");
    }

    [MosquittoFact]
    public async Task APoisonMessage_IsAcknowledged_RecordedAsRefused_AndTheStreamGoesOn()
    {
        var service = await StartServiceAsync();
        await using var device = await ClipPublisher.ConnectAsync(_broker.Port, "edge-01", "device-secret");

        await device.ClipAsync(Site, "fan-01", TestAudio.NormalWav(1), "damaged", sha256: new string('0', 64));
        await device.ClipAsync(Site, "fan-01", [1, 2, 3, 4], "not-a-wav", sha256: Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(new byte[] { 1, 2, 3, 4 })));
        await device.ClipAsync(Site, "fan-01", TestAudio.NormalWav(2), "good");

        // One machine's messages are handled in order: once the good clip is stored, both bad ones were acknowledged.
        await Eventually.TrueAsync(async () => (await service.CountsAsync()).Clips == 1, "the good clip is stored");
        var refused = await service.Services.GetRequiredService<RefusedMessageStore>().ListAsync();
        Assert.Equal(["damaged", "not-a-wav"], refused.Select(r => r.ClientClipId).Order());
        Assert.All(refused, r => Assert.Equal(("edge-01", MqttTopics.Clip(Site, "fan-01")), (r.DeviceId, r.Topic)));

        // Restarted on a persistent session, the service gets nothing again: the broker had the acknowledgements.
        await service.StopAsync();
        var again = await StartServiceAsync();
        await device.ClipAsync(Site, "fan-01", TestAudio.NormalWav(3), "after-restart");
        await Eventually.TrueAsync(async () => (await again.CountsAsync()).Clips == 2, "the next clip is stored");
        Assert.Equal(2, (await again.Services.GetRequiredService<RefusedMessageStore>().ListAsync()).Count);
    }

    [MosquittoFact]
    public async Task TheAcl_LetsADevicePublishOnlyUnderItsOwnMachines()
    {
        var service = await StartServiceAsync();
        await using var device = await ClipPublisher.ConnectAsync(_broker.Port, "edge-02", "device-2-secret");

        var foreign = await device.ClipAsync(Site, "fan-01", TestAudio.NormalWav(1), "not-mine");
        var own = await device.ClipAsync(Site, "fan-09", TestAudio.NormalWav(2), "mine");

        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.NotAuthorized, foreign.ReasonCode);
        Assert.True(own.IsSuccess, own.ReasonCode.ToString());
        await Eventually.TrueAsync(async () => (await service.CountsAsync()).Clips == 1, "fan-09's clip is stored");
        using var operatorClient = service.Client(service.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/api/v1/machines/fan-01")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/api/v1/machines/fan-09")).StatusCode);
        // Nor can a device forge the results screens read: only the service writes the score topic.
        var forged = await device.PublishAsync(MqttTopics.Score(Site, "fan-09"), "{}"u8.ToArray());
        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.NotAuthorized, forged.ReasonCode);
    }

    [MosquittoFact]
    public async Task WithTheBrokerDown_HttpKeepsAnswering_AndClipsFlowOnceItIsBack()
    {
        await _broker.StopAsync();
        _service = await LiveService.StartAsync(_temp.Combine("data"), MqttBrokerFixture.ServiceSettings(_broker));
        using var http = _service.Client(null);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.False(_service.Services.GetRequiredService<MqttClipConsumer>().IsConnected);
        await _broker.StartAgainAsync();
        await Eventually.TrueAsync(() => _service.Services.GetRequiredService<MqttClipConsumer>().IsConnected, "the service reconnected");
        await using var device = await ClipPublisher.ConnectAsync(_broker.Port, "edge-01", "device-secret");
        await device.ClipAsync(Site, "fan-00", TestAudio.NormalWav(1), "after-the-outage");
        await Eventually.TrueAsync(async () => (await _service.CountsAsync()).Clips == 1, "the clip is stored");
    }
}
