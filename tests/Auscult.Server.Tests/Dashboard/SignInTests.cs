using System.Net;
using System.Net.Http.Json;
using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests.Dashboard;

/// <summary>Sign-in with a name and password (cookie, anti-forgery) beside the API keys.</summary>
public sealed class SignInTests : IDisposable
{
    private readonly AuscultApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task TheOverview_WithoutSignIn_RedirectsToTheSignInPage()
    {
        using var client = DashboardClient.Of(_app);

        using var response = await client.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin?returnUrl=%2F", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithTheRightPassword_OpensTheOverview()
    {
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Operator);

        using var response = await client.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("ada (operator)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_ShowsTheFormAgainWithAnError()
    {
        await _app.Services.GetRequiredService<UserStore>().CreateAsync("ada", ApiRole.Operator, DashboardClient.Password, _app.Clock.GetUtcNow());
        using var client = DashboardClient.Of(_app);

        using var response = await client.SignInAsync("ada", "wrong password");
        string page = await client.Http.GetStringAsync(response.Headers.Location!.OriginalString);
        using var overview = await client.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("The name or the password is wrong.", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, overview.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithoutTheAntiForgeryToken_IsRefused()
    {
        await _app.Services.GetRequiredService<UserStore>().CreateAsync("ada", ApiRole.Operator, DashboardClient.Password, _app.Clock.GetUtcNow());
        using var client = DashboardClient.Of(_app);

        using var response = await client.Http.PostAsync("/account/signin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "ada", ["password"] = DashboardClient.Password }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("auscult.user=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/alerts", "/alerts")]
    public async Task SignIn_ReturnsOnlyToAPathOfThisSite(string returnUrl, string expected)
    {
        await _app.Services.GetRequiredService<UserStore>().CreateAsync("ada", ApiRole.Operator, DashboardClient.Password, _app.Clock.GetUtcNow());
        using var client = DashboardClient.Of(_app);

        using var response = await client.SignInAsync("ada", DashboardClient.Password, returnUrl);

        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task TheCookie_ReadsTheApi_ButNeverWritesThroughIt()
    {
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Admin);

        using var read = await client.Http.GetAsync("/api/v1/machines");
        using var write = await client.Http.PutAsJsonAsync("/api/v1/machines/fan-01", new { machineType = "fan" });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
    }

    [Fact]
    public async Task ApiKeys_StillWork_AndAnApiRequestWithoutOneIsStill401()
    {
        using var admin = _app.Admin();
        using var anonymous = _app.ClientWith(null);

        using var withKey = await admin.GetAsync("/api/v1/machines");
        using var without = await anonymous.GetAsync("/api/v1/machines");

        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        await Json.ProblemAsync(without, 401, "Authorization: Bearer");
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Operator);
        string token = await client.FormTokenAsync("/");

        using var signOut = await client.Http.PostAsync("/account/signout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        using var after = await client.Http.GetAsync("/");

        Assert.Equal("/signin", signOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task BlazorsScript_IsServedByTheProduct()
    {
        using var client = DashboardClient.Of(_app);

        using var response = await client.Http.GetAsync("/_framework/blazor.web.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 10_000);
    }
}
