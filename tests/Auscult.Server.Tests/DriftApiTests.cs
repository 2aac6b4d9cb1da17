using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Auscult.Audio;
using Auscult.Server.Auth;
using Auscult.Server.Drift;
using Auscult.Server.Tests.TestSupport;
using Auscult.Tests.TestSupport;
using Auscult.Torch.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests;

/// <summary>
/// A machine's drift in the service: each scored clip's observation stored with it, <c>GET /machines/{id}/drift</c>
/// computed from them by the monitor <c>auscult drift</c> runs, drift alerts through the alert engine, and the machine page.
/// </summary>
public sealed class DriftApiTests : IDisposable
{
    private static readonly Lazy<byte[]> DriftModel = new(() =>
    {
        string folder = Directory.CreateTempSubdirectory("auscult-drift-model-").FullName;
        try
        {
            string path = Path.Combine(folder, "fan.auscult");
            HumModel.Save(path, machineId: null, driftReference: true);
            return File.ReadAllBytes(path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly AuscultApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<string> ActivateAsync(byte[] bundle)
    {
        using var admin = _app.Admin();
        using var upload = await admin.PostAsync("/api/v1/models", new ByteArrayContent(bundle));
        upload.EnsureSuccessStatusCode();
        string id = (string)(await upload.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        using var activate = await admin.PostAsJsonAsync($"/api/v1/models/{id}/activate", new { machineType = "fan" });
        activate.EnsureSuccessStatusCode();
        return id;
    }

    private static byte[] Quiet(int seed)
    {
        AudioClip hum = HumAudio.Hum(seed);
        float[] samples = hum.Interleaved.ToArray();
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] *= 0.25f; // -12 dB: a microphone that lost gain
        }

        return HumAudio.Wav(AudioClip.Mono(samples, hum.SampleRate, "quiet.wav"));
    }

    /// <summary>
    /// 40 normal clips, then 21 quiet ones, one every 5 minutes: the hourly report of the 61st clip covers the alert the
    /// quiet clips raise.
    /// </summary>
    private async Task PostGainDropAsync(HttpClient admin)
    {
        for (int i = 0; i < 61; i++)
        {
            using var posted = await AuscultApp.PostClipAsync(admin, "fan-01", i < 40 ? TestAudio.NormalWav(i) : Quiet(i), machineType: "fan");
            posted.EnsureSuccessStatusCode();
            _app.Clock.Advance(TimeSpan.FromMinutes(5));
        }
    }

    [Fact]
    public async Task Drift_OfAGainDrop_IsEnvironment_WithEvidenceAndARecommendation()
    {
        string modelId = await ActivateAsync(DriftModel.Value);
        using var admin = _app.Admin();
        await PostGainDropAsync(admin);

        using var response = await admin.GetAsync("/api/v1/machines/fan-01/drift");

        var drift = await Json.ObjectAsync(response);
        Assert.Equal("fan-01", (string)drift["machineId"]!);
        Assert.Equal(modelId, (string)drift["modelId"]!);
        Assert.Equal("held-out-clips", (string)drift["referenceSource"]!);
        Assert.Equal("environment", (string)drift["cause"]!);
        Assert.Null(drift["note"]);
        var current = drift["current"]!;
        Assert.Contains("microphone", (string)current["recommendation"]!, StringComparison.Ordinal);
        Assert.Contains("dB", (string)current["reasons"]![0]!, StringComparison.Ordinal);
        Assert.Equal(61, (int)current["evidence"]!["clipCount"]!);
        var windows = drift["windows"]!.AsArray();
        Assert.Equal(6, windows.Count); // one an hour over 5 hours
        Assert.Equal("none", (string)windows[0]!["cause"]!);
        Assert.NotNull(windows[^1]!["end"]);
        Assert.Equal("environment", (string)drift["alerts"]![0]!["cause"]!);
    }

    [Fact]
    public async Task DriftAlerts_GoThroughTheAlertEngine_AsOneWarningOfKindDrift()
    {
        await ActivateAsync(DriftModel.Value);
        using var admin = _app.Admin();
        await PostGainDropAsync(admin);
        var alerts = _app.Services.GetRequiredService<DriftAlerts>();

        // The service's own ticker runs on the test clock too and may have applied the verdict already: either way, once.
        await alerts.ApplyAllAsync();
        int again = await alerts.ApplyAllAsync();

        Assert.Equal(0, again);
        using var list = await admin.GetAsync("/api/v1/alerts?machineId=fan-01");
        var drift = (await Json.ArrayAsync(list)).Where(a => (string)a!["kind"]! == "drift").ToList();
        var alert = Assert.Single(drift)!;
        Assert.Equal("open", (string)alert["state"]!);
        Assert.Equal("warning", (string)alert["severity"]!);
        Assert.StartsWith("drift: environment. Check the microphone", (string)alert["note"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_WithoutAReference_SaysWhy_AndOfAnUnknownMachine_Is404()
    {
        await _app.ActivateTestModelAsync(); // a bundle without band statistics or reference scores
        using var admin = _app.Admin();
        using var posted = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.NormalWav(1), machineType: "fan");

        using var known = await admin.GetAsync("/api/v1/machines/fan-01/drift");
        using var unknown = await admin.GetAsync("/api/v1/machines/nope/drift");

        var drift = await Json.ObjectAsync(known);
        Assert.Equal("none", (string)drift["cause"]!);
        Assert.Contains("no drift reference", (string)drift["note"]!, StringComparison.Ordinal);
        Assert.Empty(drift["windows"]!.AsArray());
        await Json.ProblemAsync(unknown, 404, "nope");
    }

    [Fact]
    public async Task MachinePage_ShowsTheDriftCause_Recommendation_AndTimeline()
    {
        await ActivateAsync(DriftModel.Value);
        using (var admin = _app.Admin())
        {
            await PostGainDropAsync(admin);
        }

        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Operator);
        string html = await client.Http.GetStringAsync("/machines/fan-01");

        Assert.Contains("aria-label=\"Drift\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"drift cause: environment\"", html, StringComparison.Ordinal);
        Assert.Contains("Check the microphone", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Drift timeline, last day\"", html, StringComparison.Ordinal);
        Assert.Contains(": environment, alert raised\"", html, StringComparison.Ordinal);
    }
}
