using Auscult.Agent.Tests.TestSupport;
using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Auscult.Server.Tests.Dashboard;

/// <summary>
/// The dashboard in a real headless Chromium (Debian's, driven by Playwright; nothing downloads a browser): an operator
/// signs in, sees every machine, watches a tile turn to warning when new clips arrive (no reload), opens the alert,
/// loads its audio and confirms it with the keyboard. Screenshots go to the test output's screenshots/ folder.
/// </summary>
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;
    private readonly AuscultApp _app = new();
    private string _baseUrl = "";
    private string _alertId = "";

    public DashboardBrowserTests(ITestOutputHelper output) => _output = output;

    /// <summary>Where the screenshots are written.</summary>
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.Chromium))
        {
            return;
        }

        int port = LoopbackHttp.FreePort();
        _app.UseKestrel(port);
        _app.StartServer();
        _baseUrl = $"http://127.0.0.1:{port}";
        _alertId = await DashboardScenario.SeedAsync(_app);
        await _app.Services.GetRequiredService<UserStore>().CreateAsync("ada", ApiRole.Operator, DashboardClient.Password, _app.Clock.GetUtcNow());
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [ChromiumFact]
    public async Task AnOperator_SeesEveryMachine_WatchesATileTurnToWarningLive_AndConfirmsTheAlertByKeyboard()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        page.SetDefaultTimeout(20_000);

        await page.GotoAsync(_baseUrl + "/");
        await page.GetByLabel("Name").FillAsync("ada");
        await page.GetByLabel("Password").FillAsync(DashboardClient.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.Locator(".grid[data-live=on]").WaitForAsync();
        foreach (string machine in DashboardScenario.Machines)
        {
            await page.Locator($"[data-machine='{machine}']").WaitForAsync();
        }

        await ShotAsync(page, "overview.png");

        // A new anomalous clip for fan-01 (its second in a row opens a warning) reaches the open page without a reload.
        await page.EvaluateAsync("() => window.__noReload = true");
        using var admin = _app.Admin();
        await DashboardScenario.PostAsync(admin, "fan-01", TestAudio.AnomalousWav(900));
        await DashboardScenario.PostAsync(admin, "fan-01", TestAudio.AnomalousWav(901));
        var sinceCommit = System.Diagnostics.Stopwatch.StartNew();
        await page.Locator("[data-machine='fan-01'][data-state='warning']").WaitForAsync();
        // A figure for the report, not an assertion (timings on a shared machine are noise; the 20 s limit is a hang guard).
        _output.WriteLine($"the tile showed the warning {sinceCommit.ElapsedMilliseconds} ms after the clip's response");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"));
        await ShotAsync(page, "overview-live-warning.png");

        await page.GotoAsync($"{_baseUrl}/alerts/{_alertId}");
        await page.WaitForFunctionAsync("() => document.getElementById('clip-audio')?.readyState >= 1 && document.getElementById('reference-audio')?.readyState >= 1");
        await ShotAsync(page, "triage.png");

        await page.GetByLabel("Kind", new() { Exact = true }).SelectOptionAsync("clogging");
        await page.Keyboard.PressAsync("c");
        await page.WaitForURLAsync(url => !url.Contains(_alertId, StringComparison.Ordinal));

        var labels = await _app.Services.GetRequiredService<LabelStore>().ListAsync("fan-03");
        Assert.NotEmpty(labels);
        Assert.All(labels, l => Assert.Equal(("anomalous", "clogging", "user:ada"), (l.Label, l.Kind, l.CreatedBy)));

        // The machine page (timeline, alerts, drift, recent clips) and the labels page with the new label counted.
        await page.GotoAsync($"{_baseUrl}/machines/fan-03");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Recent clips" }).WaitForAsync();
        await ShotAsync(page, "machine.png");
        await page.GotoAsync($"{_baseUrl}/labels");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Labelled clips per machine type and kind" }).WaitForAsync();
        Assert.Contains("clogging", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await ShotAsync(page, "labels.png");
    }

    private async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        string path = Path.Combine(ScreenshotFolder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        _output.WriteLine($"screenshot: {path}");
    }
}

/// <summary>A fact that needs Debian's chromium at /usr/bin/chromium; skipped with the reason when it is absent.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>The browser the tests drive.</summary>
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium))
        {
            Skip = $"{Chromium} is not installed (apt-get install chromium; .ci/apt-packages lists it): the browser test of the dashboard is skipped.";
        }
    }
}
