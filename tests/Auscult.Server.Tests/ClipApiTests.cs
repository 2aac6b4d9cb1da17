using System.Net;
using System.Net.Http.Json;
using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests;

/// <summary>Posting clips: verdicts through the Detector, idempotency, and every bad-input rule.</summary>
public sealed class ClipApiTests : IDisposable
{
    private readonly AuscultApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<long> StoredClipsAsync() => _app.Services.GetRequiredService<ClipStore>().CountAsync();

    private string[] AudioFiles() =>
        Directory.Exists(Path.Combine(_app.DataDirectory, "audio"))
            ? Directory.GetFiles(Path.Combine(_app.DataDirectory, "audio"), "*", SearchOption.AllDirectories)
            : [];

    [Fact]
    public async Task NormalAndAnomalousClips_GetTheModelsVerdicts_WithScoreThresholdAndModelId()
    {
        string modelId = await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();

        using var normal = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.NormalWav(50), machineType: "fan");
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        using var anomalous = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.AnomalousWav(51));

        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        var n = await Json.ObjectAsync(normal);
        var a = await Json.ObjectAsync(anomalous);
        Assert.Equal("normal", (string)n["verdict"]!);
        Assert.Equal("anomalous", (string)a["verdict"]!);
        Assert.Equal(modelId, (string)n["modelId"]!);
        Assert.Equal("fan-01", (string)a["machineId"]!);
        Assert.True((double)a["score"]! > (double)a["threshold"]!);
        Assert.True((double)n["score"]! <= (double)n["threshold"]!);
        Assert.True((bool)n["health"]!["fit"]!);
        Assert.Null(a["alertId"]);
        Assert.True(n.ContainsKey("kind"));
    }

    [Fact]
    public async Task WithoutAnActiveModel_TheClipIsStored_WithVerdictNoModel()
    {
        using var admin = _app.Admin();

        using var response = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.NormalWav(1), machineType: "fan");

        var body = await Json.ObjectAsync(response);
        Assert.Equal("no-model", (string)body["verdict"]!);
        Assert.Null(body["score"]);
        Assert.Null(body["modelId"]);
        Assert.Equal(1, await StoredClipsAsync());
        Assert.Single(AudioFiles());
    }

    [Fact]
    public async Task TheSameClipIdTwice_AnswersTheFirstResult_AndStoresOnce()
    {
        await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();

        using var first = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.NormalWav(7), clipId: "c-0001", machineType: "fan");
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        // A retry after a lost answer: the same clip id (here even with other bytes) is the same clip.
        using var second = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.AnomalousWav(8), clipId: "c-0001");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await Json.ObjectAsync(first)).ToJsonString(), (await Json.ObjectAsync(second)).ToJsonString());
        Assert.Equal(1, await StoredClipsAsync());
        Assert.Single(AudioFiles());
    }

    [Fact]
    public async Task TheSameClipIdOnAnotherMachine_IsAnotherClip()
    {
        using var admin = _app.Admin();

        using var a = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.NormalWav(7), clipId: "c-1", machineType: "fan");
        using var b = await AuscultApp.PostClipAsync(admin, "fan-02", TestAudio.NormalWav(7), clipId: "c-1", machineType: "fan");

        Assert.NotEqual((string)(await Json.ObjectAsync(a))["clipId"]!, (string)(await Json.ObjectAsync(b))["clipId"]!);
        Assert.Equal(2, await StoredClipsAsync());
    }

    [Fact]
    public async Task ConcurrentPostsOfOneClipId_StoreItOnce()
    {
        using var admin = _app.Admin();
        using var register = await admin.PutAsJsonAsync("/api/v1/machines/fan-01", new { machineType = "fan" });
        byte[] wav = TestAudio.NormalWav(3);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => AuscultApp.PostClipAsync(admin, "fan-01", wav, clipId: "same")));

        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.Add((string)(await Json.ObjectAsync(response))["clipId"]!);
            response.Dispose();
        }

        Assert.Single(ids);
        Assert.Equal(1, await StoredClipsAsync());
        Assert.Single(AudioFiles());
    }

    [Fact]
    public async Task UnknownMachine_WithoutAType_Is404_SayingHowToRegisterIt_AndStoresNothing()
    {
        using var admin = _app.Admin();

        using var response = await AuscultApp.PostClipAsync(admin, "pump-9", TestAudio.NormalWav(1));

        string detail = await Json.ProblemAsync(response, 404, "not registered");
        Assert.Contains("PUT /api/v1/machines/pump-9", detail, StringComparison.Ordinal);
        Assert.Contains("X-Machine-Type", detail, StringComparison.Ordinal);
        Assert.Equal(0, await StoredClipsAsync());
    }

    [Fact]
    public async Task UnknownMachine_WithAType_IsRegistered()
    {
        using var admin = _app.Admin();

        using var response = await AuscultApp.PostClipAsync(admin, "pump-9", TestAudio.NormalWav(1), machineType: "pump");
        using var machine = await admin.GetAsync("/api/v1/machines/pump-9");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pump", (string)(await Json.ObjectAsync(machine))["machineType"]!);
    }

    [Fact]
    public async Task ABodyOverTheLimit_Is413_AndStoresNothing()
    {
        using var admin = _app.Admin();

        using var response = await AuscultApp.PostClipAsync(admin, "fan-01", new byte[AuscultApp.ClipLimit + 1], machineType: "fan");

        await Json.ProblemAsync(response, 413, "at most 200000 bytes");
        Assert.Equal(0, await StoredClipsAsync());
    }

    [Theory]
    [InlineData("application/octet-stream")]
    [InlineData("text/plain")]
    public async Task AnotherContentType_Is415(string contentType)
    {
        using var admin = _app.Admin();

        using var response = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.NormalWav(1), machineType: "fan", contentType: contentType);

        await Json.ProblemAsync(response, 415, "audio/wav");
        Assert.Equal(0, await StoredClipsAsync());
    }

    [Fact]
    public async Task BytesThatAreNotWav_Are422_NamingTheProblem_AndStoreNothing()
    {
        using var admin = _app.Admin();

        using var response = await AuscultApp.PostClipAsync(admin, "fan-01", "this is not a WAV file at all"u8.ToArray(), clipId: "x1", machineType: "fan");

        await Json.ProblemAsync(response, 422, "clip x1");
        Assert.Equal(0, await StoredClipsAsync());
        Assert.Empty(AudioFiles());
    }

    [Fact]
    public async Task ATruncatedWav_Is422_AndStoresNothing()
    {
        using var admin = _app.Admin();
        byte[] wav = TestAudio.NormalWav(1);

        using var response = await AuscultApp.PostClipAsync(admin, "fan-01", wav[..(wav.Length / 2)], machineType: "fan");

        await Json.ProblemAsync(response, 422, "data");
        Assert.Equal(0, await StoredClipsAsync());
        Assert.Empty(AudioFiles());
    }

    [Fact]
    public async Task AnEmptyBody_Is400()
    {
        using var admin = _app.Admin();

        using var response = await AuscultApp.PostClipAsync(admin, "fan-01", [], machineType: "fan");

        await Json.ProblemAsync(response, 400, "empty");
    }

    [Fact]
    public async Task ASilentClip_IsInputUnfit_WithAReason_AndTheMachineShowsAnInputFault()
    {
        await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();

        using var response = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.SilentWav(), machineType: "fan");
        using var machine = await admin.GetAsync("/api/v1/machines/fan-01");

        var body = await Json.ObjectAsync(response);
        Assert.Equal("input-unfit", (string)body["verdict"]!);
        Assert.Null(body["score"]);
        Assert.False((bool)body["health"]!["fit"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["unfitReason"]));
        Assert.Equal("input-fault", (string)(await Json.ObjectAsync(machine))["state"]!);
    }

    [Fact]
    public async Task AStoredClip_ReadsBack_WithItsScoresAndItsExactAudio()
    {
        await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();
        byte[] wav = TestAudio.NormalWav(9);
        using var posted = await AuscultApp.PostClipAsync(admin, "fan-01", wav, clipId: "abc", machineType: "fan");
        string clipId = (string)(await Json.ObjectAsync(posted))["clipId"]!;

        using var clip = await admin.GetAsync($"/api/v1/clips/{clipId}");
        using var audio = await admin.GetAsync($"/api/v1/clips/{clipId}/audio");

        var body = await Json.ObjectAsync(clip);
        Assert.Equal("abc", (string)body["clientClipId"]!);
        Assert.Equal(16000, (int)body["sampleRate"]!);
        Assert.Equal(1.0, (double)body["durationSeconds"]!, 3);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(wav)), (string)body["sha256"]!);
        Assert.Equal("normal", (string)body["scores"]![0]!["verdict"]!);
        Assert.Equal("audio/wav", audio.Content.Headers.ContentType?.MediaType);
        Assert.Equal(wav, await audio.Content.ReadAsByteArrayAsync());
        Assert.Equal(FileStoreLayout(clipId), Path.GetRelativePath(_app.DataDirectory, AudioFiles().Single()));
    }

    private string FileStoreLayout(string clipId) => Path.Combine("audio", "2026", "12", "01", $"{clipId}.wav");

    [Fact]
    public async Task AnUnknownClip_Is404()
    {
        using var admin = _app.Admin();

        using var response = await admin.GetAsync("/api/v1/clips/nope");

        await Json.ProblemAsync(response, 404, "nope");
    }

    [Fact]
    public async Task ADeviceKey_PostsForItsMachines_AndGets403ForOthers()
    {
        string device = await _app.CreateKeyAsync(ApiRole.Device, "fan-01");
        using var client = _app.ClientWith(device);

        using var own = await AuscultApp.PostClipAsync(client, "fan-01", TestAudio.NormalWav(1), machineType: "fan");
        using var other = await AuscultApp.PostClipAsync(client, "fan-02", TestAudio.NormalWav(1), machineType: "fan");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await Json.ProblemAsync(other, 403, "fan-02");
        var stored = await _app.Services.GetRequiredService<ClipStore>().GetAsync((string)(await Json.ObjectAsync(own))["clipId"]!);
        Assert.StartsWith("key_", stored!.DeviceId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOperatorKey_CannotPostClips()
    {
        using var client = _app.ClientWith(await _app.CreateKeyAsync(ApiRole.Operator));

        using var response = await AuscultApp.PostClipAsync(client, "fan-01", TestAudio.NormalWav(1), machineType: "fan");

        await Json.ProblemAsync(response, 403, "operator");
    }

    [Fact]
    public async Task ABadRecordedAt_Is400_AndAGoodOneKeysTheTimeline()
    {
        using var admin = _app.Admin();
        var bad = new HttpRequestMessage(HttpMethod.Post, "/api/v1/machines/fan-01/clips") { Content = new ByteArrayContent(TestAudio.NormalWav(1)) };
        bad.Content.Headers.ContentType = new("audio/wav");
        bad.Headers.Add("X-Machine-Type", "fan");
        bad.Headers.Add("X-Recorded-At", "yesterday");
        var good = new HttpRequestMessage(HttpMethod.Post, "/api/v1/machines/fan-01/clips") { Content = new ByteArrayContent(TestAudio.NormalWav(1)) };
        good.Content.Headers.ContentType = new("audio/wav");
        good.Headers.Add("X-Machine-Type", "fan");
        good.Headers.Add("X-Recorded-At", "2026-11-30T10:00:00Z");

        using var badResponse = await admin.SendAsync(bad);
        using var goodResponse = await admin.SendAsync(good);
        using var scores = await admin.GetAsync("/api/v1/machines/fan-01/scores?from=2026-11-30T00:00:00Z&to=2026-12-01T00:00:00Z");

        await Json.ProblemAsync(badResponse, 400, "X-Recorded-At");
        var timeline = await Json.ArrayAsync(scores);
        Assert.Equal("2026-11-30T10:00:00+00:00", (string)timeline.Single()!["at"]!);
    }
}
