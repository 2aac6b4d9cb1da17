using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Auscult.Server.Alerting;
using Auscult.Server.Alerts;
using Auscult.Server.Alerts.Webhooks;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests;

/// <summary>
/// The alert rules as the service runs them, scripted on a fake clock: a machine's own threshold (by hand and by
/// calibration), the offline tick, the rules and webhooks from configuration, and webhooks sent, signed, retried and
/// logged.
/// </summary>
public sealed class AlertServiceTests
{
    private static async Task<JsonObject> PostAsync(AuscultApp app, HttpClient client, byte[] wav, string? machineType = "fan")
    {
        using var posted = await AuscultApp.PostClipAsync(client, "fan-01", wav, machineType: machineType);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var body = await Json.ObjectAsync(posted);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        return body;
    }

    private static async Task<JsonObject> MachineAsync(HttpClient client)
    {
        using var machine = await client.GetAsync("/api/v1/machines/fan-01");
        return await Json.ObjectAsync(machine);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (30 s at most: the work is in the background).</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task AThresholdSetByHand_DecidesTheClipsVerdict_UntilItIsRemoved()
    {
        using var app = new AuscultApp();
        using var admin = app.Admin();
        using var register = await admin.PutAsJsonAsync("/api/v1/machines/fan-01", new { machineType = "fan" });
        using var noModel = await admin.PutAsJsonAsync("/api/v1/machines/fan-01/threshold", new { threshold = 5.0 });
        await Json.ProblemAsync(noModel, 409, "No model is active");
        await app.ActivateTestModelAsync();
        var before = await PostAsync(app, admin, TestAudio.AnomalousWav(1));
        double modelThreshold = (double)before["threshold"]!;
        Assert.Equal("anomalous", (string)before["verdict"]!);

        using var set = await admin.PutAsJsonAsync("/api/v1/machines/fan-01/threshold", new { threshold = 1e6, note = "louder than its siblings" });
        var view = await Json.ObjectAsync(set);
        var quiet = await PostAsync(app, admin, TestAudio.AnomalousWav(2));
        using var remove = await admin.PutAsJsonAsync("/api/v1/machines/fan-01/threshold", new { threshold = (double?)null });
        var loud = await PostAsync(app, admin, TestAudio.AnomalousWav(3));

        Assert.Equal(1e6, (double)view["threshold"]!["value"]!);
        Assert.Equal("manual", (string)view["threshold"]!["source"]!);
        Assert.Equal(1e6, (double)view["options"]!["threshold"]!);
        Assert.Equal("normal", (string)quiet["verdict"]!);
        Assert.Equal(1e6, (double)quiet["threshold"]!);
        Assert.Equal(HttpStatusCode.OK, remove.StatusCode);
        Assert.Null((await Json.ObjectAsync(remove))["threshold"]);
        Assert.Equal("anomalous", (string)loud["verdict"]!);
        Assert.Equal(modelThreshold, (double)loud["threshold"]!);
        using var scores = await admin.GetAsync("/api/v1/machines/fan-01/scores?from=2026-12-01T00:00:00Z");
        Assert.Equal(["anomalous", "normal", "anomalous"], (await Json.ArrayAsync(scores)).Select(s => (string)s!["verdict"]!)); // stored as answered
    }

    [Fact]
    public async Task AMachineThatCalibrates_IsLearning_ThenJudgesByTheGammaFitOfItsOwnClips()
    {
        using var app = new AuscultApp(settings: new Dictionary<string, string>
        {
            ["Auscult:Alerts:CalibrationPeriod"] = "00:20:00",
            ["Auscult:Alerts:CalibrationMinimumClips"] = "5",
        });
        using var admin = app.Admin();
        await app.ActivateTestModelAsync();
        using var register = await admin.PutAsJsonAsync("/api/v1/machines/fan-01", new { machineType = "fan", options = new { calibrate = true } });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);

        var states = new List<string>();
        double modelThreshold = 0;
        for (int i = 0; i < 5; i++)
        {
            // Clips at 0, 5, 10, 15 and 20 minutes: the fifth reaches both the period and the minimum count.
            var answer = await PostAsync(app, admin, TestAudio.NormalWav(10 + i), machineType: null);
            modelThreshold = i == 0 ? (double)answer["threshold"]! : modelThreshold;
            states.Add((string)(await MachineAsync(admin))["state"]!);
        }

        var machine = await MachineAsync(admin);
        var next = await PostAsync(app, admin, TestAudio.NormalWav(20), machineType: null);

        Assert.Equal(["learning", "learning", "learning", "learning", "ok"], states);
        Assert.Equal("calibrated", (string)machine["threshold"]!["source"]!);
        double own = (double)machine["threshold"]!["value"]!;
        Assert.NotEqual(modelThreshold, own);
        Assert.Equal(own, (double)next["threshold"]!);
        Assert.Contains("gamma", (string)machine["threshold"]!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASilentMachine_IsStoredOffline_ByTheBackgroundTick()
    {
        using var app = new AuscultApp(settings: new Dictionary<string, string> { ["Auscult:Alerts:OfflineAfter"] = "00:10:00" });
        using var admin = app.Admin();
        await app.ActivateTestModelAsync();
        await PostAsync(app, admin, TestAudio.NormalWav(1)); // the clock is 5 minutes on
        var alerts = app.Services.GetRequiredService<MachineAlertService>();
        Assert.Equal(MachineState.Ok, (await alerts.StateAsync("fan-01")).State);

        // The tick runs every minute of the service's clock: step it on until the machine is due and the tick has run.
        await UntilAsync(async () =>
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            return (await alerts.StateAsync("fan-01")).State == MachineState.Offline;
        }, "the tick to store the machine offline");

        Assert.True(app.Clock.GetUtcNow() - (await alerts.StateAsync("fan-01")).LastClipAt >= TimeSpan.FromMinutes(10));
        Assert.Equal("offline", (string)(await MachineAsync(admin))["state"]!);
        var back = await PostAsync(app, admin, TestAudio.NormalWav(2), machineType: null);
        Assert.Equal("normal", (string)back["verdict"]!);
        Assert.Equal(MachineState.Ok, (await alerts.StateAsync("fan-01")).State);
    }

    [Theory]
    [InlineData("Auscult:Alerts:WarningCount", "9", "Auscult:Alerts: Alert policy: WarningCount is 9")]
    [InlineData("Auscult:Alerts:OfflineAfter", "00:00:00.5", "OfflineAfter")]
    [InlineData("Auscult:Webhooks:Endpoints:0:Url", "ftp://example.com/x", "Auscult:Webhooks: Webhooks: endpoint 0")]
    public void ABadAlertOrWebhookSetting_IsNamed(string setting, string value, string words)
    {
        var settings = new Dictionary<string, string?> { [setting] = value };
        if (setting.StartsWith(AlertOptionsValidator.WebhooksSection, StringComparison.Ordinal))
        {
            settings["Auscult:Webhooks:Endpoints:0:Secret"] = "0123456789abcdef";
        }

        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var policy = new AlertPolicy();
        var webhooks = new WebhookOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(AlertOptionsValidator.AlertsSection), policy);
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(AlertOptionsValidator.WebhooksSection), webhooks);
        var validator = new AlertOptionsValidator();

        var failures = new[] { validator.Validate(null, policy), validator.Validate(null, webhooks) }.Where(r => r.Failed).ToList();

        Assert.Contains(words, Assert.Single(failures).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadAlertSetting_StopsTheStart()
    {
        using var app = new AuscultApp(settings: new Dictionary<string, string> { ["Auscult:Alerts:AlarmCount"] = "1" });

        Assert.ThrowsAny<Exception>(() => app.Server);
    }

    [Fact]
    public async Task AnOpenedAlert_IsPostedSignedToTheWebhook_RetriedOnA503_AndEveryAttemptIsLogged()
    {
        const string secret = "a-secret-of-some-length";
        using var receiver = new WebhookReceiver { Answer = n => n == 1 ? 503 : 200 };
        using var app = new AuscultApp(settings: new Dictionary<string, string>
        {
            ["Auscult:Webhooks:Endpoints:0:Url"] = receiver.Url,
            ["Auscult:Webhooks:Endpoints:0:Secret"] = secret,
            ["Auscult:Webhooks:FirstRetryDelay"] = "00:00:01",
            ["Auscult:Webhooks:MaxRetryDelay"] = "00:00:02",
        });
        using var admin = app.Admin();
        await app.ActivateTestModelAsync();
        var log = app.Services.GetRequiredService<WebhookDeliveryStore>();

        await PostAsync(app, admin, TestAudio.AnomalousWav(1));
        var opened = await PostAsync(app, admin, TestAudio.AnomalousWav(2));
        string alertId = (string)opened["alertId"]!;
        await UntilAsync(async () => (await log.ListAsync(alertId)).Count == 1, "the first attempt");
        app.Clock.Advance(TimeSpan.FromSeconds(2)); // past the backoff
        await UntilAsync(async () => (await log.ListAsync(alertId)).Count == 2, "the retry");

        var attempts = await log.ListAsync(alertId);
        Assert.Equal([WebhookDeliveryOutcome.Retrying, WebhookDeliveryOutcome.Delivered], attempts.Select(a => a.Outcome));
        Assert.Equal([503, 200], attempts.Select(a => a.StatusCode));
        Assert.All(attempts, a => Assert.Equal("alert.opened", a.EventType));
        Assert.Equal(attempts[0].EventId, attempts[1].EventId);
        Assert.Equal($"http://127.0.0.1:{receiver.Port}/", attempts[0].Url.ToString()); // no path: it may hold a secret
        var requests = receiver.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        foreach (var request in requests)
        {
            Assert.True(WebhookSignature.Verify(secret, request.Headers[WebhookSignature.TimestampHeader], request.Headers[WebhookSignature.SignatureHeader],
                request.Body, app.Clock.GetUtcNow()), "the signature verifies");
            Assert.Equal(attempts[0].EventId, request.Headers[WebhookSignature.EventIdHeader]);
        }

        var body = JsonNode.Parse(requests[1].Body)!.AsObject();
        Assert.Equal("alert.opened", (string)body["type"]!);
        Assert.Equal(alertId, (string)body["alertId"]!);
        Assert.Equal("fan-01", (string)body["machineId"]!);
        Assert.Equal("open", (string)body["state"]!);
    }
}
