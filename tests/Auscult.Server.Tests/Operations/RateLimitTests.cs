using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.Operations;

/// <summary>Rate limits per key: a tiny bucket that refills once a day, so the test needs no clock.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly AuscultApp _app = new(settings: new Dictionary<string, string>
    {
        ["Auscult:RateLimit:TokenLimit"] = "3",
        ["Auscult:RateLimit:TokensPerPeriod"] = "1",
        ["Auscult:RateLimit:AnonymousTokenLimit"] = "2",
        ["Auscult:RateLimit:AnonymousTokensPerPeriod"] = "1",
        ["Auscult:RateLimit:ReplenishmentPeriod"] = "1.00:00:00",
    });

    [Fact]
    public async Task AKeyOverItsLimit_Gets429WithRetryAfter_WhileOtherKeysAndHealthChecksGoOn()
    {
        using var operatorClient = _app.ClientWith(await _app.CreateKeyAsync(Auth.ApiRole.Operator));
        using var device = _app.ClientWith(await _app.CreateKeyAsync(Auth.ApiRole.Device, "fan-01"));
        using var anonymous = _app.ClientWith(null);

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 4; i++)
        {
            using var r = await operatorClient.GetAsync("/api/v1/machines");
            statuses.Add(r.StatusCode);
        }

        using var refused = await operatorClient.GetAsync("/api/v1/machines");
        using var otherKey = await AuscultApp.PostClipAsync(device, "fan-01", TestAudio.NormalWav(1), "c1", "fan");
        var anonymousStatuses = new List<HttpStatusCode>();
        for (int i = 0; i < 3; i++)
        {
            using var r = await anonymous.GetAsync("/api/v1/machines");
            anonymousStatuses.Add(r.StatusCode);
        }

        var health = new List<HttpStatusCode>();
        for (int i = 0; i < 5; i++)
        {
            using var r = await anonymous.GetAsync("/healthz");
            health.Add(r.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var retryAfter = refused.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(429, (int)problem!["status"]!);
        Assert.Contains("rate limit", (string)problem["detail"]!);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], anonymousStatuses);
        Assert.All(health, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task ARefusedClip_IsCountedAsRateLimited()
    {
        using var device = _app.ClientWith(await _app.CreateKeyAsync(Auth.ApiRole.Device, "fan-01"));
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 4; i++)
        {
            using var r = await AuscultApp.PostClipAsync(device, "fan-01", TestAudio.NormalWav(i), $"c{i}", "fan");
            statuses.Add(r.StatusCode);
        }

        using var anonymous = _app.ClientWith(null);
        var metrics = new PrometheusText(await anonymous.GetStringAsync("/metrics"));

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(4, metrics.Value("auscult_clips_received_total"));
        Assert.Equal(1, metrics.Value("auscult_clips_refused_total", ("reason", "rate-limited")));
        Assert.Equal(3, metrics.Value("auscult_clips_scored_total", ("verdict", "no-model")));
    }

    public void Dispose() => _app.Dispose();
}
