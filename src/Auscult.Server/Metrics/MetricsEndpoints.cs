namespace Auscult.Server.Metrics;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format, without a key, like <c>/healthz</c> and <c>/readyz</c>: scrapers
/// seldom carry keys, and the figures are counts (no machine id, clip or key appears in them).
/// </summary>
public static class MetricsEndpoints
{
    /// <summary>The path.</summary>
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, async (MetricsExposition exposition, CancellationToken cancellationToken) =>
                TypedResults.Text(await exposition.WriteAsync(cancellationToken), PrometheusWriter.ContentType))
            .AllowAnonymous().WithTags("Health").WithSummary("Prometheus metrics: clips received, scored and refused, scoring latency, alerts and machines by state");
        return routes;
    }

    /// <summary>Marks a clip endpoint: its requests are counted (received, refused) and its verdicts and latencies recorded.</summary>
    public static RouteHandlerBuilder CountedAsClip(this RouteHandlerBuilder endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.WithMetadata(ClipIngestMarker.Instance).AddEndpointFilter<ClipMetricsFilter>();
    }

    /// <summary>Registers the counters and the exposition.</summary>
    public static IServiceCollection AddServiceMetrics(this IServiceCollection services)
    {
        services.AddSingleton<ServiceMetrics>();
        services.AddSingleton<MetricsExposition>();
        return services;
    }

    /// <summary>Counts clip requests; put it first in the pipeline so it sees every answer.</summary>
    public static IApplicationBuilder UseClipMetrics(this IApplicationBuilder app) => app.UseMiddleware<ClipMetricsMiddleware>();
}
