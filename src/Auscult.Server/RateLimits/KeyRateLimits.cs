using System.Globalization;
using System.Threading.RateLimiting;
using Auscult.Server.Auth;
using Auscult.Server.Metrics;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Auscult.Server.RateLimits;

/// <summary>
/// ASP.NET Core's rate limiter, partitioned by API key id (after authentication, so a key is known), or by client
/// address for requests without a valid key. A refused request gets 429 problem details with <c>Retry-After</c>.
/// </summary>
public static class KeyRateLimits
{
    private static readonly string[] Unlimited = ["/healthz", "/readyz", MetricsEndpoints.Path];

    /// <summary>Registers the limiter and its options (validated at start).</summary>
    public static IServiceCollection AddKeyRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var o = settings.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => PartitionOf(context, o));
            limiter.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    /// <summary>Limits requests; after authentication, so the key is known.</summary>
    public static IApplicationBuilder UseKeyRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    private static RateLimitPartition<string> PartitionOf(HttpContext context, RateLimitOptions options)
    {
        if (!options.Enabled || Unlimited.Contains(context.Request.Path.Value, StringComparer.OrdinalIgnoreCase))
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        if (ApiCaller.Find(context) is { } key)
        {
            return RateLimitPartition.GetTokenBucketLimiter("key:" + key.Id, _ => Bucket(options.TokenLimit, options.TokensPerPeriod, options.ReplenishmentPeriod));
        }

        string address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetTokenBucketLimiter("address:" + address,
            _ => Bucket(options.AnonymousTokenLimit, options.AnonymousTokensPerPeriod, options.ReplenishmentPeriod));
    }

    private static TokenBucketRateLimiterOptions Bucket(int limit, int perPeriod, TimeSpan period) => new()
    {
        TokenLimit = limit,
        TokensPerPeriod = perPeriod,
        ReplenishmentPeriod = period,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        // The bucket knows when the next token comes; without that, one period is the honest guess.
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter) ? retryAfter : options.ReplenishmentPeriod;
        int seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        string who = ApiCaller.Find(context) is { } key ? $"API key {key.Id}" : "this client address (no valid key)";
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"The rate limit of {who} is used up; retry after {seconds} s ({RateLimitOptions.Section} sets the limits).",
            },
        }).ConfigureAwait(false);
    }
}
