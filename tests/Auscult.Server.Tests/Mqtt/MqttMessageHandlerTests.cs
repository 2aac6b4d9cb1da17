using System.Security.Cryptography;
using Auscult.Messaging;
using Auscult.Server.Clips;
using Auscult.Server.Mqtt;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests.Mqtt;

/// <summary>What one MQTT message becomes, without a broker: stored through ClipIngestion, or refused with a reason.</summary>
public sealed class MqttMessageHandlerTests : IDisposable
{
    private readonly AuscultApp _app = new();

    public void Dispose() => _app.Dispose();

    private MqttMessageHandler Handler => _app.Services.GetRequiredService<MqttMessageHandler>();

    private Task<long> StoredClipsAsync() => _app.Services.GetRequiredService<ClipStore>().CountAsync();

    private static IncomingMessage Clip(byte[] wav, string? clipId = "0193a5c0-0000-7000-8000-000000000001", string machineId = "fan-01",
        string? sha256 = null, string site = "plant", string? recordedAt = "2026-12-01T08:00:00.000Z")
    {
        var properties = new Dictionary<string, string>
        {
            [ClipProperties.Sha256] = sha256 ?? Convert.ToHexStringLower(SHA256.HashData(wav)),
            [ClipProperties.DeviceId] = "edge-01",
            [ClipProperties.MachineType] = "fan",
        };
        if (clipId is not null)
        {
            properties[ClipProperties.ClipId] = clipId;
        }

        if (recordedAt is not null)
        {
            properties[ClipProperties.RecordedAt] = recordedAt;
        }

        return new IncomingMessage(MqttTopics.Clip(site, machineId), wav, properties);
    }

    private static IncomingMessage Score(ScoreMessage score, string site = "plant") =>
        new(MqttTopics.LocalScore(site, score.MachineId), score.ToJson(), new Dictionary<string, string>());

    [Fact]
    public async Task Clip_IsStoredAndScored_ThroughTheHttpPath()
    {
        string modelId = await _app.ActivateTestModelAsync();

        var outcome = await Handler.HandleAsync(Clip(TestAudio.AnomalousWav(3)), CancellationToken.None);

        Assert.True(outcome.Stored, outcome.Refusal);
        Assert.Equal(("plant", Verdict.Anomalous, modelId), (outcome.Site, outcome.Result!.Verdict, outcome.Result.ModelId));
        var record = await _app.Services.GetRequiredService<ClipStore>().GetAsync(outcome.Result.ClipId);
        Assert.Equal(("0193a5c0-0000-7000-8000-000000000001", "edge-01"), (record!.ClientClipId, record.DeviceId));
    }

    [Fact]
    public async Task RedeliveredClipId_IsStoredOnce_AndAnsweredWithTheFirstResult()
    {
        var first = await Handler.HandleAsync(Clip(TestAudio.NormalWav(1)), CancellationToken.None);
        var again = await Handler.HandleAsync(Clip(TestAudio.NormalWav(1)), CancellationToken.None);

        Assert.Equal(first.Result!.ClipId, again.Result!.ClipId);
        Assert.Equal(1, await StoredClipsAsync());
    }

    [Fact]
    public async Task Clip_WhoseBytesDoNotMatchItsSha256_IsRefused_AndNotStored()
    {
        byte[] wav = TestAudio.NormalWav(1);

        var outcome = await Handler.HandleAsync(Clip(wav, sha256: new string('0', 64)), CancellationToken.None);

        Assert.False(outcome.Stored);
        Assert.Contains("SHA-256", outcome.Refusal, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(wav)), outcome.Refusal, StringComparison.Ordinal);
        Assert.Equal(0, await StoredClipsAsync());
    }

    [Theory]
    [InlineData(null, "2026-12-01T08:00:00Z", "no 'clipId'")]
    [InlineData("c-1", "yesterday", "not an ISO 8601 time")]
    public async Task Clip_WithBadProperties_IsRefused_NamingTheProperty(string? clipId, string recordedAt, string expected)
    {
        var outcome = await Handler.HandleAsync(Clip(TestAudio.NormalWav(1), clipId, recordedAt: recordedAt), CancellationToken.None);

        Assert.Contains(expected, outcome.Refusal, StringComparison.Ordinal);
        Assert.Equal(0, await StoredClipsAsync());
    }

    [Fact]
    public async Task BytesThatAreNotAWavFile_AreRefused_WithTheReaderMessage()
    {
        var outcome = await Handler.HandleAsync(Clip("not a wav file at all, just text"u8.ToArray()), CancellationToken.None);

        Assert.False(outcome.Stored);
        Assert.Contains("RIFF", outcome.Refusal, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("auscult/v1/plant/fan-01/score")]
    [InlineData("auscult/v1/plant/fan 01/clip")]
    [InlineData("other/v1/plant/fan-01/clip")]
    public async Task ATopicTheServiceDoesNotRead_IsRefused(string topic)
    {
        var outcome = await Handler.HandleAsync(Clip(TestAudio.NormalWav(1)) with { Topic = topic }, CancellationToken.None);

        Assert.Null(outcome.Site);
        Assert.Contains("not a topic the service reads", outcome.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalScore_OfAModelTheServiceHolds_IsStoredWithoutAudio_Once()
    {
        string modelId = await _app.ActivateTestModelAsync();
        var score = new ScoreMessage("c-7", "fan-02", "fan", "edge-01", new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero), "anomalous", 12.5, 3.0, modelId);

        var first = await Handler.HandleAsync(Score(score), CancellationToken.None);
        var again = await Handler.HandleAsync(Score(score), CancellationToken.None);

        Assert.True(first.Stored, first.Refusal);
        Assert.Equal((Verdict.Anomalous, 12.5, 3.0, modelId), (first.Result!.Verdict, first.Result.Score, first.Result.Threshold, first.Result.ModelId));
        Assert.Equal(first.Result.ClipId, again.Result!.ClipId);
        var record = await _app.Services.GetRequiredService<ClipStore>().GetAsync(first.Result.ClipId);
        Assert.Equal((ClipIngestion.ScoredOnDeviceFormat, false), (record!.Format, record.HasAudio));
        Assert.Equal(1, await StoredClipsAsync());
    }

    [Fact]
    public async Task LocalScore_ThenItsAudio_KeepsTheAudioWithTheDevicesDecision()
    {
        string modelId = await _app.ActivateTestModelAsync();
        const string clipId = "0193a5c0-0000-7000-8000-0000000000aa";
        var score = new ScoreMessage(clipId, "fan-01", "fan", "edge-01", null, "anomalous", 12.5, 3.0, modelId);
        byte[] wav = TestAudio.NormalWav(1);

        var scored = await Handler.HandleAsync(Score(score), CancellationToken.None);
        var audio = await Handler.HandleAsync(Clip(wav, clipId), CancellationToken.None);
        var again = await Handler.HandleAsync(Clip(TestAudio.NormalWav(2), clipId), CancellationToken.None);

        Assert.True(scored.Stored, scored.Refusal);
        Assert.Equal((scored.Result!.ClipId, Verdict.Anomalous, 12.5), (audio.Result!.ClipId, audio.Result.Verdict, audio.Result.Score));
        Assert.Equal(scored.Result.ClipId, again.Result!.ClipId);
        var record = await _app.Services.GetRequiredService<ClipStore>().GetAsync(scored.Result.ClipId);
        Assert.True(record!.HasAudio);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(wav)), record.Sha256);
        Assert.Single(record.Scores);
        Assert.Equal(1, await StoredClipsAsync());
    }

    [Fact]
    public async Task LocalScore_OfAModelTheServiceDoesNotHold_IsRefused()
    {
        var score = new ScoreMessage("c-8", "fan-02", "fan", "edge-01", null, "normal", 1.0, 3.0, new string('a', 64));

        var outcome = await Handler.HandleAsync(Score(score), CancellationToken.None);

        Assert.Contains("does not hold model", outcome.Refusal, StringComparison.Ordinal);
        Assert.Equal(0, await StoredClipsAsync());
    }

    [Fact]
    public async Task LocalScore_PublishedOnAnotherMachinesTopic_IsRefused()
    {
        var score = new ScoreMessage("c-9", "fan-02", "fan", "edge-01", null, "no-model", null, null, null);

        var outcome = await Handler.HandleAsync(Score(score) with { Topic = MqttTopics.LocalScore("plant", "fan-03") }, CancellationToken.None);

        Assert.Contains("names machine 'fan-02'", outcome.Refusal, StringComparison.Ordinal);
    }
}
