using Auscult.Agent.Scoring;
using Auscult.Agent.Spool;
using Auscult.Agent.Tests.TestSupport;
using Auscult.Agent.Transport;
using Auscult.Health;
using Auscult.Scoring;
using Auscult.Tests.TestSupport;

namespace Auscult.Agent.Tests.Scoring;

/// <summary>The agent with a local scorer: every score goes out, audio only of anomalous, unfit and sampled normal clips; nothing is lost offline.</summary>
public sealed class LocalScoringTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private ClipSpool OpenSpool() => ClipSpool.Open(_temp.Combine("spool"), 1L << 30, durable: false);

    private static AgentOptions Options(IClipScorer scorer, TimeSpan? normalEvery) => new()
    {
        DeviceId = "edge-01",
        BackoffInitial = TimeSpan.FromMilliseconds(10),
        BackoffMaximum = TimeSpan.FromMilliseconds(20),
        StatusInterval = TimeSpan.FromHours(1),
        Random = new Random(3),
        Scorer = scorer,
        NormalAudio = new NormalAudioSampler(normalEvery),
    };

    /// <summary>14 clips of fan-01, one every 5 minutes; clip 3 anomalous and clip 5 input-unfit, the rest normal.</summary>
    private static List<CapturedClip> Clips() =>
        [.. Enumerable.Range(0, 14).Select(i => new CapturedClip("fan-01", "fan", Start.AddMinutes(5 * i), TestClips.Wav(i)))];

    [Fact]
    public async Task Run_PublishesEveryScore_AndAudioOfAnomalousUnfitAndOneNormalAnHour()
    {
        var spool = OpenSpool();
        var transport = new ScriptedTransport();
        var agent = new EdgeAgent(Options(new VerdictScorer(), TimeSpan.FromHours(1)), spool, transport, [new ListSource(Clips())], TextWriter.Null);

        var result = await agent.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(new AgentResult(14, 14, 0, 0, 0, null), result);
        var scores = transport.ScoreAttempts.Select(a => a.Score).ToList();
        Assert.Equal(14, scores.Count);
        Assert.Equal(Enumerable.Range(0, 14).Select(i => Start.AddMinutes(5 * i)), scores.Select(s => s.RecordedAt!.Value));
        Assert.All(transport.ScoreAttempts, a => Assert.Equal(a.Clip.ClipId.ToString(), a.Score.ClipId));
        Assert.Equal("anomalous", scores[3].Verdict);
        Assert.Equal(("input-unfit", (double?)null, "silent"), (scores[5].Verdict, scores[5].Score, scores[5].UnfitReason));
        // Audio: the first normal clip of each hour (0 and 12), the anomalous one (3) and the unfit one (5).
        int[] withAudio = [0, 3, 5, 12];
        Assert.Equal(withAudio.Select(i => Start.AddMinutes(5 * i)), transport.Attempts.Select(a => a.Clip.RecordedAt));
        Assert.Equal(withAudio.Select(i => true).Concat(Enumerable.Repeat(false, 10)).Order(), scores.Select(s => s.AudioSent == true).Order());
        Assert.All(transport.Attempts, a => Assert.Equal(a.Clip.ClipId.ToString(), scores.Single(s => s.RecordedAt == a.Clip.RecordedAt).ClipId));
        Assert.Empty(Directory.GetFiles(spool.Folder));
    }

    [Fact]
    public async Task Run_WhileScoresCannotBeDelivered_KeepsThemInTheSpool_AndSendsEachScoreOnce()
    {
        var spool = OpenSpool();
        var transport = new ScriptedTransport(DeliveryOutcome.Retry("broker down"));
        transport.ScoreScript.Enqueue(DeliveryOutcome.Retry("broker down"));
        transport.ScoreScript.Enqueue(DeliveryOutcome.Retry("broker down"));
        var agent = new EdgeAgent(Options(new VerdictScorer(), null), spool, transport, [new ListSource(Clips().Take(4).ToList())], TextWriter.Null);

        var result = await agent.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.Complete);
        // Two failed score sends, then four scores; the anomalous clip's audio failed once after its score went out,
        // and its retry sent only the audio.
        Assert.Equal(6, transport.ScoreAttempts.Count);
        Assert.Equal(4, transport.ScoreAttempts.Select(a => a.Score.ClipId).Distinct().Count());
        Assert.Equal(2, transport.Attempts.Count);
        Assert.Single(transport.Attempts.Select(a => a.Clip.ClipId).Distinct());
    }

    [Fact]
    public void Spool_OfAScoreWithoutAudio_HoldsOnlyTheScore_AndResumesIt()
    {
        var spool = OpenSpool();
        var decision = new ManagedDecision("x", ScoreVerdict.Normal, 1.25, 2.5, "model", Health(), null);
        var spooled = spool.Add(new CapturedClip("fan-01", "fan", Start, TestClips.Wav(1)), "edge-01", decision, keepAudio: false)!;

        Assert.Empty(Directory.GetFiles(spool.Folder, "*.wav"));
        Assert.Equal(ClipSpool.ScoreOnlyBytes, spool.Bytes);
        var resumed = ClipSpool.Open(spool.Folder, 1L << 30, durable: false).Snapshot().Single();
        Assert.Equal(spooled.Metadata.ClipId, resumed.Metadata.ClipId);
        Assert.False(resumed.Metadata.HasAudio);
        Assert.Equal((1.25, 2.5, "model", false, spooled.Metadata.Sha256), (resumed.Metadata.Score!.Score, resumed.Metadata.Score.Threshold,
            resumed.Metadata.Score.ModelId, resumed.Metadata.Score.AudioSent, resumed.Metadata.Score.Sha256));
    }

    [Fact]
    public async Task AgentRunner_WithAModelButNoBroker_RefusesClearly()
    {
        string bundle = TestBundles.Autoencoder(_temp.Combine("model.auscult"), 1.0);
        var settings = new AgentSettings { ReplayFolder = _temp.Path, ModelPath = bundle, Server = "http://127.0.0.1:1", Key = "k", SpoolFolder = _temp.Combine("spool") };
        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => AgentRunner.RunAsync(settings, TextWriter.Null, CancellationToken.None));
        Assert.Contains("--model publishes each clip's score over MQTT", ex.Message);
    }

    [Fact]
    public async Task AgentRunner_WithAClassifierBundle_RefusesClearly()
    {
        string bundle = TestBundles.Autoencoder(_temp.Combine("classifier.auscult"), 0.5, kind: "classifier");
        var settings = new AgentSettings { ReplayFolder = _temp.Path, ModelPath = bundle, Broker = "mqtt://127.0.0.1:1", SpoolFolder = _temp.Combine("spool") };
        var ex = await Assert.ThrowsAsync<ModelException>(() => AgentRunner.RunAsync(settings, TextWriter.Null, CancellationToken.None));
        Assert.Contains("classifier.auscult", ex.Message);
        Assert.Contains("holds a classifier", ex.Message);
    }

    private static InputHealth Health() => new(16000, TimeSpan.FromSeconds(0.25), 1, -20, -20, 0, 0, TimeSpan.Zero, 0, [], []);

    /// <summary>Decides by the clip's minute: 15 anomalous, 25 input unfit, the rest normal.</summary>
    private sealed class VerdictScorer : IClipScorer
    {
        public ManagedDecision Score(CapturedClip clip) => clip.RecordedAt.Minute switch
        {
            15 => new ManagedDecision(null, ScoreVerdict.Anomalous, 9, 2, "model", Health(), null),
            25 => new ManagedDecision(null, ScoreVerdict.InputUnfit, null, 2, "model", Health(), "silent"),
            _ => new ManagedDecision(null, ScoreVerdict.Normal, 1, 2, "model", Health(), null),
        };
    }
}
