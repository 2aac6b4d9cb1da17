namespace Auscult.Server.Dashboard;

/// <summary>
/// The clip pictures the triage page shows (mel spectrogram, anomaly map) when this build serves them: it looks for
/// their endpoints rather than assuming them, so the page names a missing one instead of showing a broken image.
/// </summary>
public sealed class ClipPictures
{
    /// <summary>The mel spectrogram's route, under the API prefix.</summary>
    public const string SpectrogramRoute = "/clips/{clipId}/spectrogram.png";

    /// <summary>The anomaly map's route, under the API prefix.</summary>
    public const string AnomalyMapRoute = "/clips/{clipId}/anomaly-map.png";

    private readonly EndpointDataSource _endpoints;
    private bool? _hasSpectrogram;
    private bool? _hasAnomalyMap;

    public ClipPictures(EndpointDataSource endpoints) => _endpoints = endpoints;

    /// <summary>Whether the spectrogram endpoint exists.</summary>
    public bool HasSpectrogram => _hasSpectrogram ??= Exists("spectrogram.png");

    /// <summary>Whether the anomaly-map endpoint exists.</summary>
    public bool HasAnomalyMap => _hasAnomalyMap ??= Exists("anomaly-map.png");

    /// <summary>The URL of a clip's picture for a route template.</summary>
    public static string UrlOf(string route, string clipId) => ServerInfo.ApiPrefix + route.Replace("{clipId}", Uri.EscapeDataString(clipId), StringComparison.Ordinal);

    private bool Exists(string ending) =>
        _endpoints.Endpoints.OfType<RouteEndpoint>().Any(e =>
            e.RoutePattern.RawText is { } raw && raw.EndsWith(ending, StringComparison.Ordinal) && raw.Contains("clips", StringComparison.Ordinal));
}
