using System.Security.Cryptography;
using Auscult.Agent.Tests.TestSupport;
using Auscult.Messaging;
using Auscult.Scoring;
using Auscult.Tests.TestSupport;

namespace Auscult.Agent.Tests.Scoring;

/// <summary>The agent scoring a replay with a real bundle and publishing to a real mosquitto 2.</summary>
public sealed class MqttLocalScoringTests : IAsyncLifetime
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

        _broker = await Mosquitto.StartAsync(_temp.Combine("broker"), [("edge-01", "device-secret"), ("reader", "reader-secret")], $"""
            user edge-01
            topic write auscult/v1/{Site}/fan-00/clip
            topic write auscult/v1/{Site}/fan-00/local-score
            topic readwrite auscult/v1/{Site}/edge-01/status

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

    [MosquittoFact]
    public async Task Replay_WithAModel_PublishesEveryScore_AndTheAudioOfAnomalousAndSampledNormalClips()
    {
        // 24 clips of one machine, one every 5 minutes (2 hours); the threshold at the median score makes half anomalous.
        string dataset = TestClips.MimiiDataset(_temp.Combine("data"), "fan", [0], 24);
        string[] files = Directory.GetFiles(dataset, "*.wav", SearchOption.AllDirectories);
        var probe = ManagedDetector.Load(TestBundles.Autoencoder(_temp.Combine("probe.auscult"), 0));
        double median = files.Select(f => probe.Decide(File.ReadAllBytes(f), f).Score!.Value).Order().ElementAt(files.Length / 2);
        string bundle = TestBundles.Autoencoder(_temp.Combine("model.auscult"), median);
        var detector = ManagedDetector.Load(bundle);
        var expected = files.ToDictionary(f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))), f => detector.Decide(File.ReadAllBytes(f), f));
        var log = new StringWriter();

        var result = await AgentRunner.RunAsync(new AgentSettings
        {
            ReplayFolder = dataset,
            Count = 24,
            Rate = 200,
            Every = TimeSpan.FromMinutes(5),
            Broker = _broker.Url,
            Username = "edge-01",
            Password = "device-secret",
            Site = Site,
            DeviceId = "edge-01",
            SpoolFolder = _temp.Combine("spool"),
            DurableSpool = false,
            ModelPath = bundle,
            NormalAudioEvery = TimeSpan.FromHours(1),
            BackoffInitial = TimeSpan.FromMilliseconds(100),
            BackoffMaximum = TimeSpan.FromMilliseconds(400),
        }, log, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(result.Complete, log.ToString());
        await Eventually.TrueAsync(() => Scores().Count == 24, "the subscriber has 24 scores");
        var scores = Scores();
        Assert.All(scores, s =>
        {
            var decision = expected[s.Sha256!];
            Assert.Equal((ScoreMessage.VerdictName(decision.Verdict), decision.Score, detector.ModelId, "edge-01", "fan-00"), (s.Verdict, s.Score, s.ModelId, s.DeviceId, s.MachineId));
        });
        Assert.InRange(scores.Count(s => s.Verdict == "anomalous"), 6, 18);

        // Audio: exactly the clips whose score says so, each with its score's clip id; every non-normal clip, and one
        // or two normal ones (the first normal clip of each recorded hour).
        await Eventually.TrueAsync(() => Audio().Count == scores.Count(s => s.AudioSent == true), "the subscriber has every clip sent with audio");
        var audio = Audio();
        Assert.Equal(scores.Where(s => s.AudioSent == true).Select(s => s.ClipId).Order(), audio.Select(a => a.Properties["clipId"]).Order());
        Assert.All(scores.Where(s => s.Verdict != "normal"), s => Assert.True(s.AudioSent));
        Assert.InRange(scores.Count(s => s.Verdict == "normal" && s.AudioSent == true), 1, 2);
        Assert.All(audio, a => Assert.Equal(detector.ModelId, a.Properties["modelId"]));
        Assert.Contains("scored locally: 24", log.ToString(), StringComparison.Ordinal);
    }

    private List<ScoreMessage> Scores() =>
        [.. _subscriber.Messages.Where(m => m.Topic == $"auscult/v1/{Site}/fan-00/local-score").Select(m => ScoreMessage.Parse(m.Payload, m.Topic)).DistinctBy(s => s.ClipId)];

    private List<ClipSubscriber.Received> Audio() =>
        [.. _subscriber.Messages.Where(m => m.Topic == $"auscult/v1/{Site}/fan-00/clip").DistinctBy(m => m.Properties["clipId"])];
}
