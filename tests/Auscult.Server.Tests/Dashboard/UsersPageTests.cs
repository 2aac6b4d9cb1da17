using System.Net;
using System.Text.RegularExpressions;
using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests.Dashboard;

/// <summary>The admins' users and keys page through its forms, as a browser posts them.</summary>
public sealed partial class UsersPageTests : IDisposable
{
    private readonly AuscultApp _app = new();

    public void Dispose() => _app.Dispose();

    private UserStore Users => _app.Services.GetRequiredService<UserStore>();

    [Fact]
    public async Task AnOperator_GetsTheDeniedPage()
    {
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Operator);

        using var response = await client.Http.GetAsync("/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/denied", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdmin_SeesEveryUserAndKey_AndTheNavigationLink()
    {
        await Users.CreateAsync("bob", ApiRole.Operator, DashboardClient.Password, _app.Clock.GetUtcNow());
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Admin);

        string html = await client.Http.GetStringAsync("/users");

        Assert.Contains("<td>bob</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>ada</td>", html, StringComparison.Ordinal);
        Assert.Contains("first admin key", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/users\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Disable bob\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("aria-label=\"Disable ada\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdmin_CreatesAUser_WhoCanThenSignIn()
    {
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Admin);

        string html = await PostAsync(client, "create-user", new() { ["Form.Action"] = "create-user", ["Form.Name"] = "carol", ["Form.Role"] = "operator", ["Form.Password"] = "carols password" });
        using var carol = DashboardClient.Of(_app);
        using var signIn = await carol.SignInAsync("carol", "carols password");

        Assert.Contains("Made operator user &#x27;carol&#x27;.", html, StringComparison.Ordinal);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        Assert.Equal(ApiRole.Operator, (await Users.ListAsync()).Single(u => u.Name == "carol").Role);
    }

    [Fact]
    public async Task ABadNewUser_IsRefusedWithTheReason()
    {
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Admin);

        string html = await PostAsync(client, "create-user", new() { ["Form.Action"] = "create-user", ["Form.Name"] = "dave", ["Form.Role"] = "operator", ["Form.Password"] = "short" });

        Assert.Contains("role=\"alert\">The password must have at least 8 characters; it has 5.", html, StringComparison.Ordinal);
        Assert.DoesNotContain(await Users.ListAsync(), u => u.Name == "dave");
    }

    [Fact]
    public async Task ResettingAPassword_ReplacesTheOldOne_AndLiftsASignInLock()
    {
        var bob = await Users.CreateAsync("bob", ApiRole.Operator, DashboardClient.Password, _app.Clock.GetUtcNow());
        using var guesser = DashboardClient.Of(_app);
        for (int i = 0; i < 5; i++)
        {
            (await guesser.SignInAsync("bob", "wrong password")).Dispose();
        }

        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Admin);

        string html = await PostAsync(client, "reset-" + bob.Id, new() { ["Form.Action"] = "reset-password", ["Form.Id"] = bob.Id, ["Form.Password"] = "bobs new password" });

        Assert.Contains("&#x27;bob&#x27; has a new password.", html, StringComparison.Ordinal);
        Assert.Null(await Users.VerifyAsync("bob", DashboardClient.Password));
        using var signIn = await guesser.SignInAsync("bob", "bobs new password");
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task DisablingAUser_EndsTheirSession_AndEnablingLetsThemBack()
    {
        using var bob = await DashboardClient.SignedInAsync(_app, ApiRole.Operator, "bob");
        string bobId = (await Users.ListAsync()).Single(u => u.Name == "bob").Id;
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Admin);

        string html = await PostAsync(client, "access-" + bobId, new() { ["Form.Action"] = "disable-user", ["Form.Id"] = bobId });
        using var afterDisable = await bob.Http.GetAsync("/");
        await PostAsync(client, "access-" + bobId, new() { ["Form.Action"] = "enable-user", ["Form.Id"] = bobId });
        using var signIn = await bob.SignInAsync("bob", DashboardClient.Password);

        Assert.Contains("&#x27;bob&#x27; is disabled and signed out.", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, afterDisable.StatusCode);
        Assert.StartsWith("/signin", afterDisable.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AnAdmin_CannotDisableThemself()
    {
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Admin);
        string adaId = (await Users.ListAsync()).Single().Id;

        string html = await PostAsync(client, "create-user", new() { ["Form.Action"] = "disable-user", ["Form.Id"] = adaId });

        Assert.Contains("You cannot disable yourself", html, StringComparison.Ordinal);
        Assert.Null((await Users.GetAsync(adaId))!.DisabledAt);
    }

    [Fact]
    public async Task ACreatedKey_IsShownOnce_Works_AndCanBeRevoked()
    {
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Admin);

        string html = await PostAsync(client, "create-key", new() { ["Form.Action"] = "create-key", ["Form.Name"] = "hall 3", ["Form.Role"] = "operator", ["Form.Machines"] = "" });
        string key = NewKey().Match(html).Groups[1].Value;
        using var api = _app.ClientWith(key);
        using var before = await api.GetAsync("/api/v1/machines");
        string again = await client.Http.GetStringAsync("/users");
        var info = (await _app.Services.GetRequiredService<KeyStore>().ListAsync()).Single(k => k.Name == "hall 3");
        await PostAsync(client, "revoke-" + info.Id, new() { ["Form.Action"] = "revoke-key", ["Form.Id"] = info.Id });
        _app.Clock.Advance(KeyStore.VerifiedKeyLifetime);
        using var after = await api.GetAsync("/api/v1/machines");

        Assert.StartsWith("ak_", key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.DoesNotContain(key, again, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task AFormWithoutTheAntiForgeryToken_IsRefused()
    {
        using var client = await DashboardClient.SignedInAsync(_app, ApiRole.Admin);

        using var response = await client.Http.PostAsync("/users", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "create-user", ["Form.Action"] = "create-user", ["Form.Name"] = "mallory", ["Form.Role"] = "admin", ["Form.Password"] = "long enough",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(await Users.ListAsync(), u => u.Name == "mallory");
    }

    private static async Task<string> PostAsync(DashboardClient client, string handler, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await client.FormTokenAsync("/users");
        fields["_handler"] = handler;
        using var response = await client.Http.PostAsync("/users", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("id=\"new-key\" readonly value=\"([^\"]+)\"")]
    private static partial Regex NewKey();
}
