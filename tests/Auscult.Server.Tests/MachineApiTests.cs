using System.Net;
using System.Net.Http.Json;
using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests;

/// <summary>Registering machines and reading their state and score timelines.</summary>
public sealed class MachineApiTests : IDisposable
{
    private readonly AuscultApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Register_Creates_ThenUpdates()
    {
        using var admin = _app.Admin();

        using var created = await admin.PutAsJsonAsync("/api/v1/machines/fan-01",
            new { machineType = "fan", name = "Supply fan 1", site = "hall-a", tags = new[] { "roof" }, options = new { threshold = 12.5 } });
        using var updated = await admin.PutAsJsonAsync("/api/v1/machines/fan-01", new { machineType = "fan", name = "Supply fan one" });
        using var read = await admin.GetAsync("/api/v1/machines/fan-01");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/machines/fan-01", created.Headers.Location?.OriginalString);
        Assert.Equal(12.5, (double)(await Json.ObjectAsync(created))["options"]!["threshold"]!);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var machine = await Json.ObjectAsync(read);
        Assert.Equal("Supply fan one", (string)machine["name"]!);
        Assert.Equal("no-data", (string)machine["state"]!);
        Assert.Null(machine["lastClip"]);
    }

    [Theory]
    [InlineData("fan 01", "{\"machineType\":\"fan\"}")]
    [InlineData("fan-01", "{\"machineType\":\"\"}")]
    [InlineData("fan-01", "{\"name\":\"no type\"}")]
    public async Task Register_RefusesBadIdsAndMissingTypes_With400(string id, string body)
    {
        using var admin = _app.Admin();

        using var response = await admin.PutAsync($"/api/v1/machines/{Uri.EscapeDataString(id)}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await Json.ProblemAsync(response, 400, "");
    }

    [Fact]
    public async Task Register_WithJsonThatDoesNotParse_Is400ProblemDetails()
    {
        using var admin = _app.Admin();

        using var response = await admin.PutAsync("/api/v1/machines/fan-01", new StringContent("{oops", System.Text.Encoding.UTF8, "application/json"));

        await Json.ProblemAsync(response, 400, "The JSON body cannot be read");
    }

    [Fact]
    public async Task State_IsOk_AfterANormalClip_AndOffline_WhenClipsStop()
    {
        await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();
        using var posted = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.NormalWav(4), machineType: "fan");

        using var now = await admin.GetAsync("/api/v1/machines/fan-01");
        _app.Clock.Advance(TimeSpan.FromMinutes(31)); // Auscult:Alerts:OfflineAfter, 30 minutes by default
        using var later = await admin.GetAsync("/api/v1/machines/fan-01");
        using var list = await admin.GetAsync("/api/v1/machines");

        var machine = await Json.ObjectAsync(now);
        Assert.Equal("ok", (string)machine["state"]!);
        Assert.Equal("normal", (string)machine["lastClip"]!["verdict"]!);
        Assert.Equal("offline", (string)(await Json.ObjectAsync(later))["state"]!);
        Assert.Equal("fan-01", (string)(await Json.ArrayAsync(list)).Single()!["id"]!);
    }

    [Fact]
    public async Task Scores_AreTheClipsInTheWindow_OldestFirst()
    {
        await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();
        var start = _app.Clock.GetUtcNow();
        for (int i = 0; i < 4; i++)
        {
            using var posted = await AuscultApp.PostClipAsync(admin, "fan-01", i == 2 ? TestAudio.AnomalousWav(i) : TestAudio.NormalWav(i), machineType: "fan");
            _app.Clock.Advance(TimeSpan.FromMinutes(5));
        }

        string from = Uri.EscapeDataString(start.AddMinutes(5).ToString("O"));
        string to = Uri.EscapeDataString(start.AddMinutes(15).ToString("O"));
        using var window = await admin.GetAsync($"/api/v1/machines/fan-01/scores?from={from}&to={to}");
        using var all = await admin.GetAsync("/api/v1/machines/fan-01/scores");
        using var unknown = await admin.GetAsync("/api/v1/machines/nope/scores");

        var points = await Json.ArrayAsync(window);
        Assert.Equal(["normal", "anomalous"], points.Select(p => (string)p!["verdict"]!));
        Assert.Equal(4, (await Json.ArrayAsync(all)).Count);
        await Json.ProblemAsync(unknown, 404, "nope");
    }

    [Fact]
    public async Task Readiness_NeedsAnActiveModel()
    {
        using var client = _app.ClientWith(null);

        using var before = await client.GetAsync("/readyz");
        await _app.ActivateTestModelAsync();
        using var after = await client.GetAsync("/readyz");

        await Json.ProblemAsync(before, 503, "No model is active");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task AnUnknownRoute_IsProblemDetails()
    {
        using var admin = _app.Admin();

        using var response = await admin.GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
