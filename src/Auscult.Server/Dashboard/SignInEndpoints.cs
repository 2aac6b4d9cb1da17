using Auscult.Server.SignIns;
using Auscult.Server.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Auscult.Server.Dashboard;

/// <summary>
/// The sign-in form's target and sign-out. Both take a form with an anti-forgery token (the middleware rejects a post
/// without a valid one with 400 before these run). Sign-in obeys the attempt limit (<see cref="SignInLimiter"/>): a locked
/// name or address is refused before its password is checked.
/// </summary>
public static class SignInEndpoints
{
    /// <summary>Where the sign-in form posts.</summary>
    public const string SignInPath = "/account/signin";

    /// <summary>Where the sign-out form posts.</summary>
    public const string SignOutPath = "/account/signout";

    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(SignInPath, SignInAsync).AllowAnonymous().ExcludeFromDescription();
        routes.MapPost(SignOutPath, SignOutAsync).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    private static async Task<RedirectHttpResult> SignInAsync([FromForm] string? name, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext context, UserStore users, SignInLimiter limiter)
    {
        string target = LocalOrHome(returnUrl);
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(password))
        {
            return TypedResults.Redirect($"/signin?failed=1&returnUrl={Uri.EscapeDataString(target)}");
        }

        var address = context.Connection.RemoteIpAddress;
        if (await limiter.LockedForAsync(name, address, context.RequestAborted) is { } wait)
        {
            int minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
            return TypedResults.Redirect($"/signin?locked={minutes}&returnUrl={Uri.EscapeDataString(target)}");
        }

        var user = await users.VerifyAsync(name, password, context.RequestAborted);
        if (user is null)
        {
            await limiter.FailedAsync(name, address, context.RequestAborted);
            return TypedResults.Redirect($"/signin?failed=1&returnUrl={Uri.EscapeDataString(target)}");
        }

        await limiter.ClearAsync(name, context.RequestAborted);

        await context.SignInAsync(UserAuthentication.CookieScheme, UserAuthentication.PrincipalOf(user),
            new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        return TypedResults.Redirect(target);
    }

    private static async Task<RedirectHttpResult> SignOutAsync([FromForm] string? reason, HttpContext context)
    {
        _ = reason; // a form field is what makes the anti-forgery check apply
        await context.SignOutAsync(UserAuthentication.CookieScheme);
        return TypedResults.Redirect("/signin");
    }

    /// <summary>The return address when it is a path on this site; otherwise the overview (no open redirects).</summary>
    internal static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl)
            ? url
            : "/";
}
