using System.Security.Claims;
using System.Text.Encodings.Web;
using Auscult.Server.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Auscult.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c> against the stored key hashes; answers 401
/// (no key, a wrong or revoked key) and 403 (the wrong role) as problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The header that may carry the key instead of Authorization.</summary>
    public const string KeyHeader = "X-Api-Key";

    private const string FailureItem = "auscult.authFailure";
    private readonly KeyStore _keys;
    private readonly IProblemDetailsService _problems;

    public ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, KeyStore keys,
        IProblemDetailsService problems) : base(options, logger, encoder)
    {
        _keys = keys;
        _problems = problems;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = KeyOf(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        var info = await _keys.VerifyAsync(key, Context.RequestAborted).ConfigureAwait(false);
        if (info is null)
        {
            Context.Items[FailureItem] = "The API key is not valid (unknown or revoked).";
            return AuthenticateResult.Fail("invalid API key");
        }

        ApiCaller.Set(Context, info);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, info.Id), new Claim(ClaimTypes.Role, WireNames.Of(info.Role))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        string detail = Context.Items[FailureItem] as string
            ?? $"This needs an API key: send it as 'Authorization: Bearer KEY' or '{KeyHeader}: KEY' (make one with `auscult keys create`).";
        return WriteAsync(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        string role = ApiCaller.Find(Context) is { } caller ? WireNames.Of(caller.Role) : "this";
        return WriteAsync(StatusCodes.Status403Forbidden, "Forbidden", $"A key with the {role} role may not do this.");
    }

    private async Task WriteAsync(int status, string title, string detail) =>
        await _problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);

    private static string? KeyOf(HttpRequest request)
    {
        string? authorization = request.Headers.Authorization;
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        string? header = request.Headers[KeyHeader];
        return string.IsNullOrWhiteSpace(header) ? null : header.Trim();
    }
}
