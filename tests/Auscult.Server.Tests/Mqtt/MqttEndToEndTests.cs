using Auscult.Agent;
using Auscult.Agent.Tests.TestSupport;
using Auscult.Server.Mqtt;
using Auscult.Server.Storage;
using Dapper;
using Auscult.Server.Tests.TestSupport;
using Auscult.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests.Mqtt;

/// <summary>
/// The agent replays 200 clips of 4 machines through a real mosquitto to the service; the broker is stopped and started
/// again mid-run, then the service is stopped and started again: still 200 stored and scored, none twice, none lost.
/// The steps follow the agent's own count of acknowledged clips (its retained status), not a subscriber to the clip
/// topics: such a subscriber would take clips the broker sends nowhere else while the service's shared subscription is
/// not back yet after the broker's restart (mosquitto 2.0 restores sessions, not their shared subscriptions), and so
/// hide exactly the loss this test is about.
/// </summary>
public sealed class MqttEndToEndTests : IAsyncLifetime
{
    private const string Site = MqttBrokerFixture.Site;
    private const int Clips = 200;
    private readonly TempFolder _temp = new();
    private Mosquitto _broker = null!;
    private ClipSubscriber _reader = null!;

    public async Task InitializeAsync()
    {
        if (Mosquitto.Available)
        {
            _broker = await MqttBrokerFixture.StartAsync(_temp);
            _reader = new ClipSubscriber(_broker.Port, "reader", "reader-secret", Messaging.MqttTopics.Status(Site, "edge-01"));
            await _reader.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (Mosquitto.Available)
        {
            await _reader.DisposeAsync();
            await _broker.DisposeAsync();
        }

        _temp.Dispose();
    }

    /// <summary>A MIMII-layout data set of 1-s hum clips: fan id_00 to id_03, which the agent names fan-00 to fan-03.</summary>
    private string Dataset()
    {
        string root = _temp.Combine("dataset");
        for (int id = 0; id < 4; id++)
        {
            string folder = Path.Combine(root, "fan", $"id_{id:00}", "normal");
            Directory.CreateDirectory(folder);
            for (int n = 0; n < Clips / 4; n++)
            {
                File.WriteAllBytes(Path.Combine(folder, $"{n:00000000}.wav"), TestAudio.NormalWav(id * 1000 + n));
            }
        }

        return root;
    }

    /// <summary>How many clips the agent says the broker acknowledged (its latest status).</summary>
    private long Acknowledged() => _reader.Messages.LastOrDefault() is { } status
        ? System.Text.Json.JsonDocument.Parse(status.Payload).RootElement.GetProperty("acknowledged").GetInt64()
        : 0;

    [MosquittoFact]
    public async Task Replay_ThroughABrokerRestart_AndAServiceRestart_Stores200_NoneTwice_NoneLost()
    {
        string data = _temp.Combine("service");
        var service = await LiveService.StartAsync(data, MqttBrokerFixture.ServiceSettings(_broker));
        await service.ActivateTestModelAsync(service.AdminKey!);
        await Eventually.TrueAsync(() => service.Services.GetRequiredService<MqttClipConsumer>().IsConnected, "the service is connected");
        var log = new StringWriter();
        var settings = new AgentSettings
        {
            ReplayFolder = Dataset(),
            Count = Clips,
            Rate = 10,
            Broker = _broker.Url,
            Username = "edge-01",
            Password = "device-secret",
            Site = Site,
            DeviceId = "edge-01",
            SpoolFolder = _temp.Combine("spool"),
            DurableSpool = false,
            BackoffInitial = TimeSpan.FromMilliseconds(100),
            BackoffMaximum = TimeSpan.FromMilliseconds(400),
            StatusInterval = TimeSpan.FromMilliseconds(500),
        };

        try
        {
            var agent = AgentRunner.RunAsync(settings, TextWriter.Synchronized(log), CancellationToken.None);

            // The broker goes away for a while: the agent's spool holds the clips, the service reconnects. The steps
            // follow the agent's progress on the broker (not the service's, which may lag on a busy machine).
            await Eventually.TrueAsync(() => Acknowledged() >= 40, "40 clips acknowledged");
            await _broker.StopAsync();
            await Eventually.TrueAsync(() => Directory.GetFiles(settings.SpoolFolder, "*.json").Length >= 10, "the agent's spool holds 10 clips");
            await _broker.StartAgainAsync();

            // The service goes away for a while: the broker keeps its session's clips until it is back.
            await Eventually.TrueAsync(() => Acknowledged() >= 100, "100 clips acknowledged");
            await service.StopAsync();
            await service.DisposeAsync();
            await Eventually.TrueAsync(() => Acknowledged() >= 130, "30 more clips acknowledged while the service is down");
            service = await LiveService.StartAsync(data, MqttBrokerFixture.ServiceSettings(_broker));

            var result = await agent.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(result.Complete, log.ToString());
            Assert.Equal(Clips, result.Acknowledged);
            try
            {
                await Eventually.TrueAsync(async () => (await service.CountsAsync()).Clips >= Clips, $"{Clips} clips stored", TimeSpan.FromMinutes(1));
            }
            catch (TimeoutException)
            {
                var stored = await service.Services.GetRequiredService<AuscultDatabase>()
                    .WithConnectionAsync(async c => (await c.QueryAsync<string>("SELECT client_clip_id FROM clips")).ToHashSet());
                Assert.Fail($"stored {stored.Count} of {Clips} acknowledged by the broker; " +
                    $"connected {service.Services.GetRequiredService<MqttClipConsumer>().IsConnected}; broker log: {_broker.Log[^Math.Min(3000, _broker.Log.Length)..]}");
            }

            var counts = await service.CountsAsync();
            Assert.Equal((Clips, Clips, Clips), (counts.Clips, counts.DistinctClipIds, counts.Scored));
            Assert.Empty(await service.Services.GetRequiredService<RefusedMessageStore>().ListAsync());
        }
        finally
        {
            await service.DisposeAsync();
        }
    }
}
