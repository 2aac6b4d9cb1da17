using System.Security.Claims;
using Auscult.Server.Auth;
using Auscult.Server.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Auscult.Server.Dashboard;

/// <summary>
/// Sign-in for people: a cookie scheme beside the API-key scheme, and the scheme that picks between them per request.
/// API requests keep authenticating with keys; a dashboard page, its live circuit and the media its pages show (GET
/// under <c>/api/</c>, e.g. a clip's audio) authenticate with the sign-in cookie. A write under <c>/api/</c> never
/// accepts the cookie, so no other site can make a signed-in browser change anything through the API.
/// </summary>
public static class UserAuthentication
{
    /// <summary>The scheme every request is authenticated with by default: it forwards to keys or the cookie.</summary>
    public const string SelectorScheme = "Auscult";

    /// <summary>The sign-in cookie's scheme.</summary>
    public const string CookieScheme = "AuscultUser";

    /// <summary>The sign-in cookie's name.</summary>
    public const string CookieName = "auscult.user";

    /// <summary>How long a sign-in lasts without use (sliding).</summary>
    public static readonly TimeSpan SessionLength = TimeSpan.FromHours(12);

    /// <summary>Adds the cookie scheme and the selector.</summary>
    public static AuthenticationBuilder AddUserSignIn(this AuthenticationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            // Strict: the browser sends the cookie only with requests this site starts itself (no cross-site forms or links).
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = SessionLength;
            o.SlidingExpiration = true;
            o.LoginPath = "/signin";
            o.LogoutPath = "/account/signout";
            o.AccessDeniedPath = "/denied";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnRedirectToLogin = c => RedirectOrStatus(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => RedirectOrStatus(c, StatusCodes.Status403Forbidden);
            o.Events.OnValidatePrincipal = RejectDisabledUsersAsync;
        });
        builder.AddPolicyScheme(SelectorScheme, "API key or sign-in", o => o.ForwardDefaultSelector = SchemeFor);
        return builder;
    }

    /// <summary>The principal a signed-in user carries: id, name and role.</summary>
    public static ClaimsPrincipal PrincipalOf(UserInfo user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id),
                new Claim(ClaimTypes.Name, user.Name),
                new Claim(ClaimTypes.Role, WireNames.Of(user.Role)),
            ], CookieScheme, ClaimTypes.Name, ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>How a signed-in user is named as the actor of an alert decision: <c>user:NAME</c>.</summary>
    public static string ActorOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return "user:" + (user.Identity?.Name ?? throw new InvalidOperationException("The user is not signed in."));
    }

    /// <summary>Which scheme authenticates <paramref name="context"/>.</summary>
    internal static string SchemeFor(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.ContainsKey("Authorization") || request.Headers.ContainsKey(ApiKeyAuthenticationHandler.KeyHeader))
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }

        if (!IsApi(request))
        {
            return CookieScheme;
        }

        bool safe = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        return safe && request.Cookies.ContainsKey(CookieName) ? CookieScheme : ApiKeyAuthenticationHandler.SchemeName;
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments(ServerInfo.ApiPrefix, StringComparison.OrdinalIgnoreCase);

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>A user disabled or removed since signing in is signed out at the next request.</summary>
    private static async Task RejectDisabledUsersAsync(CookieValidatePrincipalContext context)
    {
        string? id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var users = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        var user = id is null ? null : await users.GetAsync(id, context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (user is null || user.DisabledAt is not null || WireNames.Of(user.Role) != context.Principal!.FindFirstValue(ClaimTypes.Role))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme).ConfigureAwait(false);
        }
    }
}
