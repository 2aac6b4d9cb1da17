using System.Net;
using System.Text.RegularExpressions;
using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests.TestSupport;

/// <summary>A browser-like client of the dashboard: keeps cookies, does not follow redirects, signs in through the form.</summary>
internal sealed partial class DashboardClient : IDisposable
{
    public const string Password = "correct horse battery";

    private DashboardClient(HttpClient http) => Http = http;

    public HttpClient Http { get; }

    public static DashboardClient Of(AuscultApp app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>Makes a user (as <c>auscult users create</c> does) and signs in as it.</summary>
    public static async Task<DashboardClient> SignedInAsync(AuscultApp app, ApiRole role, string name = "ada")
    {
        await app.Services.GetRequiredService<UserStore>().CreateAsync(name, role, Password, app.Clock.GetUtcNow());
        var client = Of(app);
        using var response = await client.SignInAsync(name, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        return client;
    }

    /// <summary>The anti-forgery token of the form on <paramref name="page"/>.</summary>
    public async Task<string> FormTokenAsync(string page)
    {
        string html = await Http.GetStringAsync(page);
        return TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException($"{page} has no anti-forgery token:\n{html}");
    }

    /// <summary>Fills the sign-in form and posts it.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string name, string password, string? returnUrl = null)
    {
        string token = await FormTokenAsync("/signin");
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["name"] = name, ["password"] = password };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }

        return await Http.PostAsync("/account/signin", new FormUrlEncodedContent(fields));
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
