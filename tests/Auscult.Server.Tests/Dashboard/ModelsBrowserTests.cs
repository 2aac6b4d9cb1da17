using Auscult.Agent.Tests.TestSupport;
using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Auscult.Server.Tests.Jobs;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Auscult.Server.Tests.Dashboard;

/// <summary>
/// The Models page in a real headless Chromium: an admin starts a retraining with a tiny budget, watches it run without
/// a reload, sees its evaluation beside the active model's and promotes it; an operator cannot reach the page or the
/// jobs API. The screenshot goes to the test output's screenshots/ folder (40 epochs: a model worth the picture).
/// </summary>
public sealed class ModelsBrowserTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;
    private readonly AuscultApp _app = new(settings: JobScenario.Tiny(epochs: 40));
    private string _baseUrl = "";

    public ModelsBrowserTests(ITestOutputHelper output) => _output = output;

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
        await JobScenario.SeedAsync(_app);
        var users = _app.Services.GetRequiredService<UserStore>();
        await users.CreateAsync("grace", ApiRole.Admin, DashboardClient.Password, _app.Clock.GetUtcNow());
        await users.CreateAsync("ada", ApiRole.Operator, DashboardClient.Password, _app.Clock.GetUtcNow());
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [ChromiumFact]
    public async Task AnAdmin_RetrainsTheAutoencoder_SeesItsEvaluationBesideTheActiveModel_AndPromotesIt_WhileAnOperatorCannotReachIt()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Chromium,
            Headless = true,
            Args = ["--no-sandbox"],
        });

        await using (var admin = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } }))
        {
            var page = await SignInAsync(admin, "grace");
            await page.GotoAsync(_baseUrl + "/models");
            await page.Locator(".jobs[data-live=on]").WaitForAsync();
            await page.EvaluateAsync("() => window.__noReload = true");

            await page.GetByRole(AriaRole.Button, new() { Name = "Retrain the autoencoder for fan" }).ClickAsync();
            await page.Locator("[data-job][data-state=succeeded], [data-job][data-state=failed]").WaitForAsync(new() { Timeout = 180_000 });
            Assert.Equal("succeeded", await page.Locator("[data-job]").GetAttributeAsync("data-state"));
            Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"));
            var evaluation = page.GetByRole(AriaRole.Table, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Evaluation of job") });
            await evaluation.WaitForAsync();
            Assert.Equal(3, await evaluation.Locator("tr").CountAsync()); // header, active, new
            await Assertions.Expect(evaluation.Locator("tbody tr").First).ToContainTextAsync($"active {TestModel.Id[..12]}");
            await ShotAsync(page, "models-job.png");

            await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Promote ") }).ClickAsync();
            await page.Locator("[data-job][data-state=succeeded]").GetByText("promoted by user:grace").WaitForAsync();
            var active = await _app.Services.GetRequiredService<ModelStore>().ActiveForTypeAsync("fan");
            Assert.NotEqual(TestModel.Id, active!.Id);
        }

        await using (var operatorContext = await browser.NewContextAsync())
        {
            var page = await SignInAsync(operatorContext, "ada");
            await page.GotoAsync(_baseUrl + "/models");
            await page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" }).WaitForAsync();
            Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("Retrain|Promote") }).CountAsync());
            var api = await page.APIRequest.GetAsync(_baseUrl + "/api/v1/jobs");
            Assert.Equal(403, api.Status);
        }
    }

    private async Task<IPage> SignInAsync(IBrowserContext context, string name)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(_baseUrl + "/");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(DashboardClient.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.Locator(".grid[data-live=on]").WaitForAsync();
        return page;
    }

    private async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(DashboardBrowserTests.ScreenshotFolder);
        string path = Path.Combine(DashboardBrowserTests.ScreenshotFolder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        _output.WriteLine($"screenshot: {path}");
    }
}
