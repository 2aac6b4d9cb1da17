using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Auscult.Reports;
using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.Operations;

/// <summary>
/// <c>/spectrogram.png</c> and <c>/anomaly-map.png</c>. Set AUSCULT_TEST_IMAGES to a folder to keep the pictures and
/// look at them.
/// </summary>
public sealed class ClipImageTests : IDisposable
{
    private readonly AuscultApp _app = new();

    [Fact]
    public async Task WithAnAutoencoder_TheSpectrogramAndAnomalyMap_ArePngsOfTheirSize()
    {
        await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();
        string clipId = await PostAsync(admin, "fan-01", TestAudio.Wav(TestAudio.Hum(7, whine: true, seconds: 3)), "fan");

        using var spectrogram = await admin.GetAsync($"/api/v1/clips/{clipId}/spectrogram.png");
        using var map = await admin.GetAsync($"/api/v1/clips/{clipId}/anomaly-map.png");

        await AssertPngAsync(spectrogram, 1000, 450, "autoencoder-spectrogram.png");
        await AssertPngAsync(map, 1200, 800, "autoencoder-anomaly-map.png");
        Assert.True(map.Headers.CacheControl!.Private);
        Assert.Equal(TimeSpan.FromMinutes(5), map.Headers.CacheControl.MaxAge);
    }

    [Fact]
    public async Task WithoutAModel_TheSpectrogramUsesTheDefaults_AndTheAnomalyMapIsAProblemThatSaysWhy()
    {
        using var admin = _app.Admin();
        string clipId = await PostAsync(admin, "fan-01", TestAudio.Wav(TestAudio.Hum(8, seconds: 3)), "fan");

        using var spectrogram = await admin.GetAsync($"/api/v1/clips/{clipId}/spectrogram.png");
        using var map = await admin.GetAsync($"/api/v1/clips/{clipId}/anomaly-map.png");
        using var missing = await admin.GetAsync("/api/v1/clips/nope/spectrogram.png");

        await AssertPngAsync(spectrogram, 1000, 450, "no-model-spectrogram.png");
        Assert.Equal(HttpStatusCode.Conflict, map.StatusCode);
        Assert.Equal("application/problem+json", map.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no model scored it", (string)(await map.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static async Task<string> PostAsync(HttpClient client, string machineId, byte[] wav, string machineType)
    {
        using var posted = await AuscultApp.PostClipAsync(client, machineId, wav, machineType: machineType);
        posted.EnsureSuccessStatusCode();
        return (string)(await posted.Content.ReadFromJsonAsync<JsonObject>())!["clipId"]!;
    }

    private static async Task AssertPngAsync(HttpResponseMessage response, int width, int height, string name)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        byte[] png = await response.Content.ReadAsByteArrayAsync();
        Assert.True(PngInfo.HasSignature(png));
        Assert.Equal((width, height), PngInfo.ReadSize(png));
        if (Environment.GetEnvironmentVariable("AUSCULT_TEST_IMAGES") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, name), png);
        }
    }

    public void Dispose() => _app.Dispose();
}
