namespace Auscult.Server.Auth;

/// <summary>The authenticated key of the current request.</summary>
public static class ApiCaller
{
    private const string Item = "auscult.caller";

    /// <summary>The caller's key; endpoints behind an authorization policy always have one.</summary>
    public static ApiKeyInfo Of(HttpContext context) => Find(context) ?? throw new InvalidOperationException("The endpoint is not behind authentication.");

    /// <summary>The caller's key, or null.</summary>
    public static ApiKeyInfo? Find(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[Item] as ApiKeyInfo;
    }

    internal static void Set(HttpContext context, ApiKeyInfo info) => context.Items[Item] = info;
}
