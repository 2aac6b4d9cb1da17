using System.Net;
using System.Net.Http.Json;
using Auscult.Server.Alerting;
using Auscult.Server.Alerts;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests;

/// <summary>The seam where alert rules plug in: called in the clip's transaction; what it writes commits with the clip.</summary>
public sealed class AlertSeamTests : IDisposable
{
    private readonly AuscultApp _app = new(services => services.AddSingleton<IClipScoredHandler, OneAnomalyOpensAnAlert>());

    public void Dispose() => _app.Dispose();

    /// <summary>A deliberately naive rule for the test: every anomalous clip opens or updates the machine's anomaly alert.</summary>
    private sealed class OneAnomalyOpensAnAlert : IClipScoredHandler
    {
        public async Task<string?> OnScoredAsync(ScoredClip clip, AlertSession alerts, CancellationToken cancellationToken)
        {
            var recent = await alerts.RecentScoresAsync(3);
            Assert.Equal(clip.ClipId, recent[0].ClipId); // the new score is visible inside the transaction
            if (clip.Verdict != Verdict.Anomalous)
            {
                return null;
            }

            var open = (await alerts.NotClosedAsync()).FirstOrDefault(a => a.Kind == "anomaly");
            if (open is null)
            {
                return await alerts.OpenAsync("anomaly", AlertSeverity.Warning, clip.ClipId, clip.Score);
            }

            await alerts.AttachClipAsync(open.Id, clip.ClipId, clip.Score, AlertSeverity.Alarm);
            return open.Id;
        }
    }

    [Fact]
    public async Task AnAlertOpenedByTheRules_IsInTheAnswer_TheMachineState_AndTheAlertsHistory()
    {
        await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();

        using var first = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.AnomalousWav(1), machineType: "fan");
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        using var warning = await admin.GetAsync("/api/v1/machines/fan-01");
        using var second = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.AnomalousWav(2));
        using var alarm = await admin.GetAsync("/api/v1/machines/fan-01");

        string alertId = (string)(await Json.ObjectAsync(first))["alertId"]!;
        Assert.Equal(alertId, (string)(await Json.ObjectAsync(second))["alertId"]!);
        Assert.Equal("warning", (string)(await Json.ObjectAsync(warning))["state"]!);
        Assert.Equal("alarm", (string)(await Json.ObjectAsync(alarm))["state"]!);

        using var details = await admin.GetAsync($"/api/v1/alerts/{alertId}");
        var body = await Json.ObjectAsync(details);
        Assert.Equal(2, (int)body["alert"]!["clipCount"]!);
        Assert.Equal("open", (string)body["alert"]!["state"]!);
        Assert.Equal(2, body["clipIds"]!.AsArray().Count);
        var opening = body["events"]!.AsArray().Single()!;
        Assert.Equal("system", (string)opening["actor"]!);
        Assert.Null(opening["from"]);
        Assert.Equal("open", (string)opening["to"]!);
    }

    [Fact]
    public async Task Acknowledging_RecordsWhoAndWhen_AndASecondAcknowledgeIs409()
    {
        await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();
        using var posted = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.AnomalousWav(1), machineType: "fan");
        string alertId = (string)(await Json.ObjectAsync(posted))["alertId"]!;
        var operatorKey = await _app.CreateKeyAsync(Auth.ApiRole.Operator);
        using var op = _app.ClientWith(operatorKey);
        _app.Clock.Advance(TimeSpan.FromMinutes(2));

        using var ack = await op.PostAsJsonAsync($"/api/v1/alerts/{alertId}/acknowledge", new { note = "looking" });
        using var again = await op.PostAsync($"/api/v1/alerts/{alertId}/acknowledge", null);
        using var open = await op.GetAsync("/api/v1/alerts?state=acknowledged&machineId=fan-01");

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("acknowledged", (string)(await Json.ObjectAsync(ack))["state"]!);
        await Json.ProblemAsync(again, 409, "acknowledged");
        Assert.Single(await Json.ArrayAsync(open));
        var events = await _app.Services.GetRequiredService<global::Auscult.Server.Storage.AlertStore>().EventsAsync(alertId);
        Assert.Equal(2, events.Count);
        Assert.Equal(AlertState.Acknowledged, events[1].To);
        Assert.StartsWith("key_", events[1].Actor, StringComparison.Ordinal);
        Assert.Equal("looking", events[1].Note);
        Assert.Equal(_app.Clock.GetUtcNow(), events[1].At);
    }

    [Fact]
    public async Task Confirming_LabelsTheAlertsClipsAnomalousWithTheKind_AndRejecting_LabelsThemNormal()
    {
        await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();
        using var op = _app.ClientWith(await _app.CreateKeyAsync(Auth.ApiRole.Operator));
        using var a1 = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.AnomalousWav(1), machineType: "fan");
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        using var a2 = await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.AnomalousWav(2));
        using var b1 = await AuscultApp.PostClipAsync(admin, "fan-02", TestAudio.AnomalousWav(3), machineType: "fan");
        string fan1Alert = (string)(await Json.ObjectAsync(a1))["alertId"]!;
        string fan2Alert = (string)(await Json.ObjectAsync(b1))["alertId"]!;

        using var confirm = await op.PostAsJsonAsync($"/api/v1/alerts/{fan1Alert}/confirm", new { kind = "bearing", note = "worn bearing found" });
        // A false alarm, rejected without a body (curl -X POST).
        using var reject = await op.PostAsync($"/api/v1/alerts/{fan2Alert}/reject", null);
        using var anomalous = await op.GetAsync("/api/v1/labels?label=anomalous");
        using var normal = await op.GetAsync("/api/v1/labels?machineId=fan-02");
        using var badKind = await op.PostAsJsonAsync($"/api/v1/alerts/{fan1Alert}/confirm", new { kind = "no spaces please" });

        var confirmed = await Json.ObjectAsync(confirm);
        Assert.Equal("confirmed", (string)confirmed["state"]!);
        Assert.Equal("bearing", (string)confirmed["confirmedKind"]!);
        Assert.Equal("rejected", (string)(await Json.ObjectAsync(reject))["state"]!);
        var anomalousLabels = await Json.ArrayAsync(anomalous);
        Assert.Equal(2, anomalousLabels.Count);
        Assert.All(anomalousLabels, l => Assert.Equal("bearing", (string)l!["kind"]!));
        Assert.All(anomalousLabels, l => Assert.Equal("alert-confirmed", (string)l!["source"]!));
        var normalLabel = (await Json.ArrayAsync(normal)).Single()!;
        Assert.Equal("normal", (string)normalLabel["label"]!);
        Assert.Equal(fan2Alert, (string)normalLabel["alertId"]!);
        await Json.ProblemAsync(badKind, 400, "fault kind");
    }

    [Fact]
    public async Task ADecisionWithANonJsonBody_Is415()
    {
        using var admin = _app.Admin();

        using var response = await admin.PostAsync("/api/v1/alerts/x/confirm", new StringContent("bearing"));

        await Json.ProblemAsync(response, 415, "JSON");
    }

    [Fact]
    public async Task ABadStateFilter_Is400()
    {
        using var admin = _app.Admin();

        using var response = await admin.GetAsync("/api/v1/alerts?state=burning");

        await Json.ProblemAsync(response, 400, "burning");
    }
}
