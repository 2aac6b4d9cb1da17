namespace Auscult.Server.Metrics;

/// <summary>Endpoint metadata: this endpoint receives clips, and <see cref="ClipMetricsMiddleware"/> counts its requests.</summary>
public sealed class ClipIngestMarker
{
    public static ClipIngestMarker Instance { get; } = new();

    private ClipIngestMarker()
    {
    }
}
