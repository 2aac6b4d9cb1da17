using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Auscult.Server.Retention;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests.Retention;

/// <summary>Retention seen through the API: the clip says whether its audio is kept, and deleted audio answers 410.</summary>
public sealed class RetentionApiTests : IDisposable
{
    private readonly AuscultApp _app = new(settings: new Dictionary<string, string> { ["Auscult:Retention:Enabled"] = "false" });

    [Fact]
    public async Task AfterRetention_TheSampleIsKept_TheOtherClipsAudioIsGone_AndItsDetailSaysSo()
    {
        using var admin = _app.Admin();
        using var first = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.NormalWav(1), "c1", "fan");
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        using var second = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.NormalWav(2), "c2");
        string firstId = (string)(await first.Content.ReadFromJsonAsync<JsonObject>())!["clipId"]!;
        string secondId = (string)(await second.Content.ReadFromJsonAsync<JsonObject>())!["clipId"]!;
        var stored = await admin.GetFromJsonAsync<JsonObject>($"/api/v1/clips/{secondId}");

        _app.Clock.Advance(TimeSpan.FromDays(8));
        var report = await _app.Services.GetRequiredService<AudioRetention>().RunAsync();

        Assert.Equal("stored", (string)stored!["audio"]!["state"]!);
        Assert.Equal(2, report.Decided);
        var kept = await admin.GetFromJsonAsync<JsonObject>($"/api/v1/clips/{firstId}");
        Assert.Equal("kept", (string)kept!["audio"]!["state"]!);
        Assert.Equal("sample", (string)kept["audio"]!["keptBecause"]!);
        Assert.True((bool)kept["hasAudio"]!);
        using var keptAudio = await admin.GetAsync($"/api/v1/clips/{firstId}/audio");
        Assert.Equal(HttpStatusCode.OK, keptAudio.StatusCode);

        var gone = await admin.GetFromJsonAsync<JsonObject>($"/api/v1/clips/{secondId}");
        Assert.Equal("deleted", (string)gone!["audio"]!["state"]!);
        Assert.False((bool)gone["hasAudio"]!);
        Assert.Single(gone["scores"]!.AsArray());
        using var goneAudio = await admin.GetAsync($"/api/v1/clips/{secondId}/audio");
        Assert.Equal(HttpStatusCode.Gone, goneAudio.StatusCode);
        Assert.Equal("application/problem+json", goneAudio.Content.Headers.ContentType!.MediaType);
        Assert.Contains("deleted by retention", (string)(await goneAudio.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!);
    }

    public void Dispose() => _app.Dispose();
}
