using System.Net;
using System.Net.Http.Json;
using Auscult.Server.Alerting;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests;

/// <summary>Operator decisions through the API go through the alert engine: the rows and the engine's state agree.</summary>
public sealed class AlertOperatorApiTests : IDisposable
{
    private readonly AuscultApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<string> OpenWarningAsync(HttpClient client)
    {
        await _app.ActivateTestModelAsync();
        string? alertId = null;
        for (int i = 0; i < 2; i++)
        {
            using var posted = await AuscultApp.PostClipAsync(client, "fan-01", TestAudio.AnomalousWav(i), machineType: "fan");
            alertId = (string?)(await Json.ObjectAsync(posted))["alertId"];
            _app.Clock.Advance(TimeSpan.FromMinutes(5));
        }

        return alertId!;
    }

    private async Task<string> MachineStateAsync(HttpClient client)
    {
        using var machine = await client.GetAsync("/api/v1/machines/fan-01");
        return (string)(await Json.ObjectAsync(machine))["state"]!;
    }

    [Fact]
    public async Task Rejecting_LabelsTheClipsNormal_InTheEnginesStateToo()
    {
        using var admin = _app.Admin();
        string alertId = await OpenWarningAsync(admin);

        using var reject = await admin.PostAsJsonAsync($"/api/v1/alerts/{alertId}/reject", new { note = "a door banged" });
        using var labels = await admin.GetAsync("/api/v1/labels?machineId=fan-01");

        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        Assert.Equal("rejected", (string)(await Json.ObjectAsync(reject))["state"]!);
        var normal = await Json.ArrayAsync(labels);
        Assert.Equal(2, normal.Count);
        Assert.All(normal, l => Assert.Equal("normal", (string)l!["label"]!));
        var engineState = await _app.Services.GetRequiredService<MachineAlertService>().StateAsync("fan-01");
        Assert.Equal(global::Auscult.Server.Alerts.AlertState.Rejected, engineState.FindAlert(alertId)!.State);
        Assert.Equal("ok", await MachineStateAsync(admin)); // a rejected alert does not count
        using var details = await admin.GetAsync($"/api/v1/alerts/{alertId}");
        var events = (await Json.ObjectAsync(details))["events"]!.AsArray();
        Assert.Equal(["opened", "rejected"], events.Select(e => (string)e!["type"]!));
        Assert.Equal("a door banged", (string)events[1]!["note"]!);
    }

    [Fact]
    public async Task Closing_ByHand_EndsTheAlert_AndANewOneNeedsNewEvidence()
    {
        using var admin = _app.Admin();
        string alertId = await OpenWarningAsync(admin);

        using var close = await admin.PostAsJsonAsync($"/api/v1/alerts/{alertId}/close", new { note = "bearing replaced" });
        using var again = await admin.PostAsync($"/api/v1/alerts/{alertId}/close", null);
        using var oneMore = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.AnomalousWav(7));

        var closed = await Json.ObjectAsync(close);
        Assert.Equal("closed", (string)closed["state"]!);
        Assert.NotNull(closed["closedAt"]);
        await Json.ProblemAsync(again, 409, "closed");
        Assert.Null((string?)(await Json.ObjectAsync(oneMore))["alertId"]); // the two clips before the close no longer count
        Assert.Equal("ok", await MachineStateAsync(admin));
    }

    [Fact]
    public async Task ConfirmingAnInputKind_Is400_AndAnUnknownAlert404()
    {
        using var admin = _app.Admin();
        string alertId = await OpenWarningAsync(admin);

        using var reserved = await admin.PostAsJsonAsync($"/api/v1/alerts/{alertId}/confirm", new { kind = "input" });
        using var unknown = await admin.PostAsync("/api/v1/alerts/nope/acknowledge", null);

        await Json.ProblemAsync(reserved, 400, "reserved");
        await Json.ProblemAsync(unknown, 404, "nope");
    }
}
