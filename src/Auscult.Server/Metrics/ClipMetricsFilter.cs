using System.Diagnostics;
using Auscult.Server.Clips;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Auscult.Server.Metrics;

/// <summary>Around a clip endpoint's handler: a clip answered with a verdict counts as scored, with its latency.</summary>
public sealed class ClipMetricsFilter : IEndpointFilter
{
    private readonly ServiceMetrics _metrics;

    public ClipMetricsFilter(ServiceMetrics metrics) => _metrics = metrics;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        // The handler's time: reading the body, decoding, features, the model and the commit. A latency is measured on
        // the host's monotonic clock, not the injected TimeProvider (a fake clock does not move during a request).
        long start = Stopwatch.GetTimestamp();
        object? result = await next(context).ConfigureAwait(false);
        if (result is Ok<ClipResult> { Value: { } clip })
        {
            _metrics.ClipScored(clip.Verdict, Stopwatch.GetElapsedTime(start));
        }

        return result;
    }
}
