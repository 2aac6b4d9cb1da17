using Auscult.Agent.Tests.TestSupport;
using Auscult.Tests.TestSupport;

namespace Auscult.Agent.Tests;

/// <summary>The agent against a real mosquitto 2 with passwords and an ACL (started by the test on a free port).</summary>
public sealed class MqttEndToEndTests : IAsyncLifetime
{
    private const string Site = "plant";
    private readonly TempFolder _temp = new();
    private Mosquitto _broker = null!;
    private ClipSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        if (!Mosquitto.Available)
        {
            return;
        }

        // The device may publish clips only for its own machines (fan-00 here, not fan-02) and its status.
        _broker = await Mosquitto.StartAsync(_temp.Combine("broker"), [("edge-01", "device-secret"), ("edge-02", "device-2-secret"), ("reader", "reader-secret")], $"""
            user edge-01
            topic write auscult/v1/{Site}/fan-00/clip
            topic write auscult/v1/lonely/fan-00/clip
            topic readwrite auscult/v1/{Site}/edge-01/status

            user edge-02
            topic write auscult/v1/{Site}/fan-00/clip
            topic write auscult/v1/{Site}/fan-02/clip
            topic readwrite auscult/v1/{Site}/edge-02/status

            user reader
            topic read auscult/v1/#

            """);
        _subscriber = new ClipSubscriber(_broker.Port, "reader", "reader-secret", $"auscult/v1/{Site}/#");
        await _subscriber.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Mosquitto.Available)
        {
            await _subscriber.DisposeAsync();
            await _broker.DisposeAsync();
        }

        _temp.Dispose();
    }

    private AgentSettings Settings(string dataset, int count, double rate, string device = "edge-01", string password = "device-secret") => new()
    {
        ReplayFolder = dataset,
        Count = count,
        Rate = rate,
        Broker = _broker.Url,
        Username = device,
        Password = password,
        Site = Site,
        DeviceId = device,
        SpoolFolder = _temp.Combine("spool"),
        DurableSpool = false,
        BackoffInitial = TimeSpan.FromMilliseconds(100),
        BackoffMaximum = TimeSpan.FromMilliseconds(400),
        StatusInterval = TimeSpan.FromMilliseconds(200),
    };

    private List<ClipSubscriber.Received> Clips() => _subscriber.Messages.Where(m => m.Topic.EndsWith("/clip", StringComparison.Ordinal)).ToList();

    private int DistinctClipIds() => Clips().Select(m => m.Properties["clipId"]).Distinct().Count();

    [MosquittoFact]
    public async Task Replay_40ClipsOfTwoMachines_ArriveOnceEach_WithTheirProperties()
    {
        string dataset = TestClips.MimiiDataset(_temp.Combine("data"), "fan", [0, 2], 20);
        var log = new StringWriter();

        var result = await AgentRunner.RunAsync(Settings(dataset, 40, rate: 200, "edge-02", "device-2-secret"), log, CancellationToken.None)
            .WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(result.Complete, log.ToString());
        Assert.Equal(40, result.Acknowledged);
        await Eventually.TrueAsync(() => DistinctClipIds() == 40, "the subscriber has 40 clips");
        var clips = Clips();
        Assert.All(clips, m =>
        {
            Assert.Equal(7, Guid.Parse(m.Properties["clipId"]).Version);
            Assert.Equal(("edge-02", "fan", m.PayloadSha256), (m.Properties["deviceId"], m.Properties["machineType"], m.Properties["sha256"]));
            Assert.True(DateTimeOffset.TryParse(m.Properties["recordedAt"], System.Globalization.CultureInfo.InvariantCulture, out _));
            Assert.Equal("RIFF"u8.ToArray(), m.Payload[..4]);
        });
        Assert.Equal([("fan-00", 20), ("fan-02", 20)],
            clips.DistinctBy(m => m.Properties["clipId"]).GroupBy(m => m.Topic.Split('/')[3]).Select(g => (g.Key, g.Count())).Order());
        // Every clip of the data set arrived: the payloads are the 40 distinct files.
        Assert.Equal(40, clips.Select(m => m.PayloadSha256).Distinct().Count());
        Assert.Empty(Directory.GetFiles(_temp.Combine("spool"), "*.wav"));

        // The retained status: online while running, offline when the agent stopped.
        var statuses = _subscriber.Messages.Where(m => m.Topic == $"auscult/v1/{Site}/edge-02/status").Select(m => System.Text.Encoding.UTF8.GetString(m.Payload)).ToList();
        Assert.Contains(statuses, s => s.Contains("\"online\":true", StringComparison.Ordinal) && s.Contains("\"spoolDepth\":", StringComparison.Ordinal));
        await Eventually.TrueAsync(() => System.Text.Encoding.UTF8.GetString(_subscriber.Messages.Last(m => m.Topic.EndsWith("/status", StringComparison.Ordinal)).Payload)
            .Contains("\"state\":\"offline\"", StringComparison.Ordinal), "the final status says offline");
    }

    [MosquittoFact]
    public async Task Replay_WithTheBrokerStoppedMidRun_LosesNothing_AndDuplicatesKeepTheirClipId()
    {
        string dataset = TestClips.MimiiDataset(_temp.Combine("data"), "fan", [0, 2], 20);
        var log = new StringWriter();
        string spool = _temp.Combine("spool");

        var run = AgentRunner.RunAsync(Settings(dataset, 40, rate: 10, "edge-02", "device-2-secret"), log, CancellationToken.None);
        await Eventually.TrueAsync(() => DistinctClipIds() >= 10, "10 clips arrived");
        await _broker.StopAsync();
        // While the broker is down (about 2.5 s at 10 clips/s) the clips wait in the spool and the agent backs off and retries.
        await Eventually.TrueAsync(() => Directory.GetFiles(spool, "*.json").Length >= 25, "the spool holds 25 clips");
        await Eventually.TrueAsync(() => log.ToString().Contains("retry", StringComparison.Ordinal), "the agent retries");
        await _broker.StartAgainAsync();
        var result = await run.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(result.Complete, log.ToString());
        Assert.Equal(40, result.Acknowledged);
        await Eventually.TrueAsync(() => DistinctClipIds() == 40, "the subscriber has all 40 clips");
        // At least once: a clip may arrive twice, but always under the same clip id with the same bytes.
        Assert.All(Clips().GroupBy(m => m.Properties["clipId"]), g => Assert.Single(g.Select(m => m.PayloadSha256).Distinct()));
        Assert.Equal(40, Clips().Select(m => m.PayloadSha256).Distinct().Count());
    }

    [MosquittoFact]
    public async Task Publish_ToAnotherMachinesTopic_IsRefusedByTheAcl_ReportedAndCounted()
    {
        // edge-01 may publish for fan-00 only; the data set also holds fan-02.
        string dataset = TestClips.MimiiDataset(_temp.Combine("data"), "fan", [0, 2], 3);
        var log = new StringWriter();

        var result = await AgentRunner.RunAsync(Settings(dataset, 6, rate: 100), log, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal((3L, 3L, 0), (result.Acknowledged, result.Rejected, result.Remaining));
        Assert.False(result.Complete);
        Assert.Contains("NotAuthorized", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("auscult/v1/plant/fan-02/clip", result.LastError, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => DistinctClipIds() == 3, "the subscriber has fan-00's 3 clips");
        Assert.All(Clips(), m => Assert.Equal($"auscult/v1/{Site}/fan-00/clip", m.Topic));
        // The status carries the count and the error for the operators.
        await Eventually.TrueAsync(() => _subscriber.Messages.Any(m => m.Topic.EndsWith("edge-01/status", StringComparison.Ordinal)
            && System.Text.Encoding.UTF8.GetString(m.Payload).Contains("\"rejected\":3", StringComparison.Ordinal)), "a status with 3 rejected");
    }

    [MosquittoFact]
    public async Task Connect_WithAWrongPassword_IsReportedAndRetried_NotDropped()
    {
        string dataset = TestClips.MimiiDataset(_temp.Combine("data"), "fan", [0], 2);
        var log = new StringWriter();
        using var cancel = new CancellationTokenSource();

        var run = AgentRunner.RunAsync(Settings(dataset, 2, rate: 100, password: "wrong"), log, cancel.Token);
        await Eventually.TrueAsync(() => log.ToString().Contains("refused the connection", StringComparison.Ordinal), "the refusal is logged");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(2, Directory.GetFiles(_temp.Combine("spool"), "*.json").Length);
    }

    [MosquittoFact]
    public async Task AClipNobodySubscribesTo_StaysInTheSpool_UntilASubscriberIsThere()
    {
        // The broker acknowledges a publish that matches no subscription with "no matching subscribers" and drops it:
        // after a broker restart, mosquitto 2.0 restores the service's session but not its shared subscription.
        var options = Agent.Transport.MqttTransportOptions.FromUrl(_broker.Url, "edge-01", "device-secret", "lonely");
        await using var transport = new Agent.Transport.MqttClipTransport(options, "edge-01");
        await transport.ConnectAsync(new AgentStatus("edge-01", "online", true, 0, 0, 0, 0, 0, null, DateTimeOffset.UtcNow), CancellationToken.None);
        byte[] wav = TestClips.Wav(1);
        var clip = new ClipMetadata(Guid.CreateVersion7(), "fan-00", "fan", DateTimeOffset.UtcNow, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(wav)),
            "edge-01", wav.Length);

        var alone = await transport.SendAsync(clip, wav, CancellationToken.None);
        await using var service = new ClipSubscriber(_broker.Port, "reader", "reader-secret", "auscult/v1/lonely/+/clip");
        await service.StartAsync();
        var heard = await transport.SendAsync(clip, wav, CancellationToken.None);

        Assert.Equal(Agent.Transport.DeliveryResult.RetryLater, alone.Result);
        Assert.Contains("no service subscribes", alone.Reason, StringComparison.Ordinal);
        Assert.Equal(Agent.Transport.DeliveryResult.Acknowledged, heard.Result);
        await Eventually.TrueAsync(() => service.Messages.Count == 1, "the subscriber has the clip");
    }

    [MosquittoFact]
    public async Task LostConnection_TheLastWillMarksTheDeviceOffline()
    {
        var options = Agent.Transport.MqttTransportOptions.FromUrl(_broker.Url, "edge-01", "device-secret", Site) with { KeepAlive = TimeSpan.FromSeconds(5) };
        var transport = new Agent.Transport.MqttClipTransport(options, "edge-01");
        var online = new AgentStatus("edge-01", "online", true, 0, 0, 0, 0, 0, null, DateTimeOffset.UtcNow);
        await transport.ConnectAsync(online, CancellationToken.None);
        string topic = $"auscult/v1/{Site}/edge-01/status";
        await Eventually.TrueAsync(() => _subscriber.Messages.Any(m => m.Topic == topic), "the online status");

        // Gone without a DISCONNECT (a power cut, a pulled cable): the broker publishes the will.
        await transport.DisposeAsync();

        await Eventually.TrueAsync(() => _subscriber.Messages.Any(m => m.Topic == topic
            && System.Text.Encoding.UTF8.GetString(m.Payload).Contains("\"state\":\"offline\"", StringComparison.Ordinal)), "the will says offline");
    }
}
