namespace Auscult.Server.Metrics;

/// <summary>
/// Counts the requests of clip endpoints (<see cref="ClipIngestMarker"/>): each one received, and each refused by its
/// final status. It runs first in the pipeline, so it sees the answers of authentication, the rate limiter and the
/// exception handler too.
/// </summary>
public sealed class ClipMetricsMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ServiceMetrics _metrics;

    public ClipMetricsMiddleware(RequestDelegate next, ServiceMetrics metrics)
    {
        _next = next;
        _metrics = metrics;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetEndpoint()?.Metadata.GetMetadata<ClipIngestMarker>() is null)
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        _metrics.ClipReceived();
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        catch
        {
            _metrics.ClipRefused(ClipRefusal.ServerError);
            throw;
        }

        if (ServiceMetrics.RefusalOf(context.Response.StatusCode) is { } reason)
        {
            _metrics.ClipRefused(reason);
        }
    }
}
