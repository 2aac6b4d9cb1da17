using Auscult.Agent.Tests.TestSupport;
using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Auscult.Server.Tests.Dashboard;

/// <summary>
/// The users and keys page in a real headless Chromium: an admin makes a user and a device key through the forms; an
/// operator who opens the page gets the denied page. The screenshot goes to the test output's screenshots/ folder.
/// </summary>
public sealed class UsersBrowserTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;
    private readonly AuscultApp _app = new();
    private string _baseUrl = "";

    public UsersBrowserTests(ITestOutputHelper output) => _output = output;

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
        var users = _app.Services.GetRequiredService<UserStore>();
        var now = _app.Clock.GetUtcNow();
        await users.CreateAsync("ada", ApiRole.Admin, DashboardClient.Password, now);
        await users.CreateAsync("bob", ApiRole.Operator, DashboardClient.Password, now);
        var carol = await users.CreateAsync("carol", ApiRole.Operator, DashboardClient.Password, now);
        await users.SetDisabledAsync(carol.Id, now);
        await _app.CreateKeyAsync(ApiRole.Device, "fan-01", "fan-02", "fan-03");
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [ChromiumFact]
    public async Task AnAdmin_MakesAUserAndAKey_AndAnOperatorIsDenied()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Chromium, Headless = true, Args = ["--no-sandbox"],
        });
        var admin = await SignedInPageAsync(browser, "ada");

        await admin.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        var create = admin.Locator("form.create").First;
        await create.GetByLabel("Name").FillAsync("dora");
        await create.GetByLabel("Role").SelectOptionAsync("admin");
        await create.GetByLabel("Password").FillAsync("doras password");
        await create.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "Made admin user 'dora'." }).WaitForAsync();
        var keys = admin.Locator("form.create").Nth(1);
        await keys.GetByLabel("Name").FillAsync("hall 3 agent");
        await keys.GetByLabel("Machines (device keys)").FillAsync("fan-07, fan-08");
        await keys.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        string key = await admin.GetByLabel("New key").InputValueAsync();
        await ShotAsync(admin, "users.png");

        var operatorPage = await SignedInPageAsync(browser, "bob");
        await operatorPage.GotoAsync(_baseUrl + "/users");
        await operatorPage.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" }).WaitForAsync();

        Assert.Equal(ApiRole.Admin, (await _app.Services.GetRequiredService<UserStore>().ListAsync()).Single(u => u.Name == "dora").Role);
        var made = await _app.Services.GetRequiredService<KeyStore>().VerifyAsync(key);
        Assert.Equal((ApiRole.Device, "hall 3 agent"), (made!.Role, made.Name));
        Assert.Equal(["fan-07", "fan-08"], made.Machines);
        Assert.Equal(0, await operatorPage.GetByRole(AriaRole.Link, new() { Name = "Users" }).CountAsync());
    }

    private async Task<IPage> SignedInPageAsync(IBrowser browser, string name)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync(_baseUrl + "/signin");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(DashboardClient.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
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
