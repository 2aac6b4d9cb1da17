using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Auscult.Server.Dashboard;

/// <summary>
/// Serves the dashboard's stylesheet and script and Blazor's own script from resources embedded in this assembly: no
/// CDN, no wwwroot beside whatever executable hosts the service, so it works air-gapped and from <c>auscult serve</c>.
/// </summary>
public static class DashboardAssets
{
    /// <summary>Blazor's script, where the framework expects it.</summary>
    public const string BlazorScript = "/_framework/blazor.web.js";

    private const string ResourcePrefix = "Auscult.Server.Dashboard.";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    /// <summary>The URL of one of the dashboard's own assets (<c>dashboard.css</c>, <c>dashboard.js</c>).</summary>
    public static string PathOf(string name) => $"/dashboard/assets/{name}";

    /// <summary>Maps the assets; a name that is not embedded answers 404.</summary>
    public static IEndpointRouteBuilder MapDashboardAssets(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(BlazorScript, (HttpContext c) => Serve(c, "blazor.web.js")).AllowAnonymous().ExcludeFromDescription();
        routes.MapGet("/dashboard/assets/{name}", (string name, HttpContext c) => Serve(c, name)).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    private static IResult Serve(HttpContext context, string name)
    {
        if (!Assets.TryGetValue(name, out var asset))
        {
            return TypedResults.NotFound();
        }

        // Revalidated on every load (ETag), so a new build's assets are picked up without a fingerprint in the URL.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Bytes, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            byte[] bytes = copy.ToArray();
            string name = resource[ResourcePrefix.Length..];
            string type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            assets[name] = new Asset(bytes, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
