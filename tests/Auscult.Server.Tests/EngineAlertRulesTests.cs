using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests;

/// <summary>The default alert rules (the alert engine behind the clip seam), end to end over HTTP on SQLite.</summary>
public sealed class EngineAlertRulesTests : IDisposable
{
    private readonly AuscultApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<string?> PostAsync(HttpClient client, byte[] wav, string expectedVerdict)
    {
        using var posted = await AuscultApp.PostClipAsync(client, "fan-01", wav, machineType: "fan");
        var body = await Json.ObjectAsync(posted);
        Assert.Equal(expectedVerdict, (string)body["verdict"]!);
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        return (string?)body["alertId"];
    }

    private async Task<string> MachineStateAsync(HttpClient client)
    {
        using var machine = await client.GetAsync("/api/v1/machines/fan-01");
        return (string)(await Json.ObjectAsync(machine))["state"]!;
    }

    [Fact]
    public async Task OneAnomalousClip_OpensNoAlert()
    {
        await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();

        Assert.Null(await PostAsync(admin, TestAudio.NormalWav(1), "normal"));
        Assert.Null(await PostAsync(admin, TestAudio.AnomalousWav(2), "anomalous"));
        Assert.Null(await PostAsync(admin, TestAudio.NormalWav(3), "normal"));

        using var alerts = await admin.GetAsync("/api/v1/alerts");
        Assert.Empty(await Json.ArrayAsync(alerts));
        Assert.Equal("ok", await MachineStateAsync(admin));
    }

    [Fact]
    public async Task TwoOfThreeAnomalous_OpenAWarning_AndThreeNormalClipsClearIt()
    {
        await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();

        Assert.Null(await PostAsync(admin, TestAudio.AnomalousWav(1), "anomalous"));
        Assert.Null(await PostAsync(admin, TestAudio.NormalWav(2), "normal"));
        string alertId = (await PostAsync(admin, TestAudio.AnomalousWav(3), "anomalous"))!;
        Assert.NotNull(alertId);

        using var open = await admin.GetAsync("/api/v1/alerts?state=open");
        var listed = Assert.Single(await Json.ArrayAsync(open))!;
        Assert.Equal(alertId, (string)listed["id"]!);
        Assert.Equal("warning", (string)listed["severity"]!);
        Assert.Equal("fan-01", (string)listed["machineId"]!);
        Assert.Equal(2, (int)listed["clipCount"]!);
        Assert.Equal("warning", await MachineStateAsync(admin));

        // Another anomalous clip joins the same alert (one open alert per machine, updated rather than repeated).
        Assert.Equal(alertId, await PostAsync(admin, TestAudio.AnomalousWav(4), "anomalous"));
        using var details = await admin.GetAsync($"/api/v1/alerts/{alertId}");
        Assert.Equal(3, (await Json.ObjectAsync(details))["clipIds"]!.AsArray().Count);

        // Hysteresis: two normal clips leave it open, the third clears it.
        Assert.Null(await PostAsync(admin, TestAudio.NormalWav(5), "normal"));
        Assert.Null(await PostAsync(admin, TestAudio.NormalWav(6), "normal"));
        Assert.Equal("warning", await MachineStateAsync(admin));
        Assert.Null(await PostAsync(admin, TestAudio.NormalWav(7), "normal"));

        using var cleared = await admin.GetAsync($"/api/v1/alerts/{alertId}");
        var body = await Json.ObjectAsync(cleared);
        Assert.Equal("closed", (string)body["alert"]!["state"]!);
        var events = body["events"]!.AsArray();
        Assert.Equal(["open", "closed"], events.Select(e => (string)e!["to"]!));
        Assert.Equal("ok", await MachineStateAsync(admin));
        using var stillOpen = await admin.GetAsync("/api/v1/alerts?state=open");
        Assert.Empty(await Json.ArrayAsync(stillOpen));
    }

    [Fact]
    public async Task AnAcknowledgedAlert_StaysAcknowledgedWhileItUpdates_AndClosesWhenTheMachineClears()
    {
        await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();
        await PostAsync(admin, TestAudio.AnomalousWav(1), "anomalous");
        string alertId = (await PostAsync(admin, TestAudio.AnomalousWav(2), "anomalous"))!;
        using var ack = await admin.PostAsync($"/api/v1/alerts/{alertId}/acknowledge", null);
        Assert.Equal("acknowledged", (string)(await Json.ObjectAsync(ack))["state"]!);

        Assert.Equal(alertId, await PostAsync(admin, TestAudio.AnomalousWav(3), "anomalous"));
        using var updated = await admin.GetAsync($"/api/v1/alerts/{alertId}");
        Assert.Equal("acknowledged", (string)(await Json.ObjectAsync(updated))["alert"]!["state"]!);
        for (int i = 4; i < 7; i++)
        {
            await PostAsync(admin, TestAudio.NormalWav(i), "normal");
        }

        using var closed = await admin.GetAsync($"/api/v1/alerts/{alertId}");
        Assert.Equal("closed", (string)(await Json.ObjectAsync(closed))["alert"]!["state"]!);
    }
}
