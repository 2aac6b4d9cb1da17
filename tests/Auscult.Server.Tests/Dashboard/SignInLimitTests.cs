using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Auscult.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests.Dashboard;

/// <summary>The sign-in form under the attempt limit (defaults: 5 failures for a name in 15 minutes lock it for 15 minutes).</summary>
public sealed class SignInLimitTests : IDisposable
{
    private readonly AuscultApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task AfterFiveWrongPasswords_EvenTheRightOneIsRefused_WithAClearMessage_UntilTheLockEnds()
    {
        await _app.Services.GetRequiredService<UserStore>().CreateAsync("ada", ApiRole.Operator, DashboardClient.Password, _app.Clock.GetUtcNow());
        using var client = DashboardClient.Of(_app);
        for (int i = 0; i < 5; i++)
        {
            using var wrong = await client.SignInAsync("ada", "wrong password");
            Assert.StartsWith("/signin?failed=1", wrong.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        using var locked = await client.SignInAsync("ada", DashboardClient.Password);
        string page = await client.Http.GetStringAsync(locked.Headers.Location!.OriginalString);
        _app.Clock.Advance(TimeSpan.FromMinutes(15));
        using var later = await client.SignInAsync("ada", DashboardClient.Password);

        Assert.StartsWith("/signin?locked=15", locked.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Contains("Too many failed sign-ins with this name or from this address. Try again in 15 minutes", page, StringComparison.Ordinal);
        Assert.Equal("/", later.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ASuccessfulSignIn_StartsTheCountAgain()
    {
        await _app.Services.GetRequiredService<UserStore>().CreateAsync("ada", ApiRole.Operator, DashboardClient.Password, _app.Clock.GetUtcNow());
        using var client = DashboardClient.Of(_app);
        for (int i = 0; i < 4; i++)
        {
            (await client.SignInAsync("ada", "wrong password")).Dispose();
        }

        (await client.SignInAsync("ada", DashboardClient.Password)).Dispose();
        for (int i = 0; i < 4; i++)
        {
            (await client.SignInAsync("ada", "wrong password")).Dispose();
        }

        using var response = await client.SignInAsync("ada", DashboardClient.Password);

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }
}
