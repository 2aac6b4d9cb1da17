using System.Net;
using System.Text.RegularExpressions;
using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests.Dashboard;

/// <summary>The dashboard's pages as the server renders them, on the demo scenario; the operator's decisions through the triage form.</summary>
public sealed partial class DashboardPageTests : IAsyncLifetime
{
    private readonly AuscultApp _app = new();
    private string _alertId = "";

    public async Task InitializeAsync() => _alertId = await DashboardScenario.SeedAsync(_app);

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheOverview_ShowsEveryMachine_WithItsStateAsAWordAndAnIcon()
    {
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Operator);

        string html = await client.Http.GetStringAsync("/");

        var states = TileState().Matches(html).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(DashboardScenario.Machines.Order(), states.Keys.Order());
        Assert.Equal("warning", states["fan-03"]);
        Assert.Equal("input-fault", states["fan-05"]);
        Assert.Equal("offline", states["fan-06"]);
        Assert.Equal("no-data", states["pump-01"]);
        Assert.Equal("ok", states["fan-01"]);
        Assert.Contains("aria-label=\"state: warning\"", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"word\">input fault</span>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/alerts/{_alertId}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTriagePage_ShowsTheClipAndAReference_ThePictures_AndTheKindsOfTheMachineType()
    {
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Operator);

        string html = await client.Http.GetStringAsync($"/alerts/{_alertId}");

        var audio = AudioSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, audio.Count);
        Assert.All(audio, a => Assert.Matches("^/api/v1/clips/[0-9a-f-]+/audio$", a));
        Assert.NotEqual(audio[0], audio[1]);
        using var wav = await client.Http.GetAsync(audio[0]);
        Assert.Equal(HttpStatusCode.OK, wav.StatusCode);
        Assert.Equal("audio/wav", wav.Content.Headers.ContentType?.MediaType);
        Assert.Contains("spectrogram.png", html, StringComparison.Ordinal);
        Assert.Contains("anomaly-map.png", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"unbalance\"", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"voltage_change\"", html, StringComparison.Ordinal);
        Assert.Contains("Confirm fault (C)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfirmingWithANewKind_LabelsTheAlertsClipsAnomalous_WithTheUserAsTheActor()
    {
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Operator);

        using var response = await DecideAsync(client, "confirm", kind: "unbalance", newKind: "bearing_wear", note: "grinding at 2 kHz");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var labels = await _app.Services.GetRequiredService<LabelStore>().ListAsync("fan-03");
        Assert.Equal(2, labels.Count);
        Assert.All(labels, l => Assert.Equal(("anomalous", "bearing_wear", "user:ada"), (l.Label, l.Kind, l.CreatedBy)));
        var alert = (await _app.Services.GetRequiredService<AlertStore>().GetAsync(_alertId))!;
        Assert.Equal(("bearing_wear", "grinding at 2 kHz"), (alert.ConfirmedKind, alert.Note));
        string page = await client.Http.GetStringAsync($"/alerts/{_alertId}");
        Assert.Contains("Decided: confirmed as bearing_wear", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectingAsAFalseAlarm_LabelsTheClipsNormal()
    {
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Operator);

        using var response = await DecideAsync(client, "reject", kind: "unbalance", newKind: "", note: "door was open");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var labels = await _app.Services.GetRequiredService<LabelStore>().ListAsync("fan-03");
        Assert.Equal(2, labels.Count);
        Assert.All(labels, l => Assert.Equal(("normal", (string?)null), (l.Label, l.Kind)));
        string labelsPage = await client.Http.GetStringAsync("/labels");
        Assert.Contains("keep the autoencoder", labelsPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDecisionForm_WithoutTheAntiForgeryToken_ChangesNothing()
    {
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Operator);

        using var response = await client.Http.PostAsync($"/alerts/{_alertId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "decide", ["Form.Action"] = "reject",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await _app.Services.GetRequiredService<LabelStore>().ListAsync("fan-03"));
    }

    [Fact]
    public async Task AnOperator_CannotOpenTheModelsPage_AnAdminCan()
    {
        using var operatorClient = await DashboardClient.SignedInAsync(_app, ApiRole.Operator, "ada");
        using var adminClient = await DashboardClient.SignedInAsync(_app, ApiRole.Admin, "root");

        using var refused = await operatorClient.Http.GetAsync("/models");
        string overview = await operatorClient.Http.GetStringAsync("/");
        string models = await adminClient.Http.GetStringAsync("/models");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/denied", refused.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/models\"", overview, StringComparison.Ordinal);
        Assert.Contains("Activate", models, StringComparison.Ordinal);
        Assert.Contains("fan", models, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMachinePage_ShowsTheTimelineAlertsAndPlayableClips()
    {
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Operator);

        string html = await client.Http.GetStringAsync("/machines/fan-03");

        Assert.Contains("score timeline of 6 clips", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/alerts/{_alertId}\"", html, StringComparison.Ordinal);
        Assert.Equal(6, AudioSource().Matches(html).Count);
    }

    private async Task<HttpResponseMessage> DecideAsync(DashboardClient client, string action, string kind, string newKind, string note)
    {
        string token = await client.FormTokenAsync($"/alerts/{_alertId}");
        return await client.Http.PostAsync($"/alerts/{_alertId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "decide",
            ["Form.Action"] = action,
            ["Form.Kind"] = kind,
            ["Form.NewKind"] = newKind,
            ["Form.Note"] = note,
        }));
    }

    [GeneratedRegex("data-machine=\"([^\"]+)\" data-state=\"([^\"]+)\"")]
    private static partial Regex TileState();

    [GeneratedRegex("<audio[^>]* src=\"([^\"]+)\"")]
    private static partial Regex AudioSource();
}
