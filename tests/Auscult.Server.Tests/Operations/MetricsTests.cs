using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Auscult.Server.Tests.TestSupport;

namespace Auscult.Server.Tests.Operations;

/// <summary><c>GET /metrics</c>: Prometheus text that a strict parser reads, with the clips this test sent counted.</summary>
public sealed class MetricsTests : IDisposable
{
    private readonly AuscultApp _app = new();

    [Fact]
    public async Task Metrics_CountReceivedScoredAndRefusedClips_TheLatencyHistogram_AndMachinesAndAlertsByState()
    {
        await _app.ActivateTestModelAsync();
        using var admin = _app.Admin();
        using var anonymous = _app.ClientWith(null);
        (await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.NormalWav(1), "n1", "fan")).EnsureSuccessStatusCode();
        (await AuscultApp.PostClipAsync(admin, "fan-01", TestAudio.NormalWav(2), "n2")).EnsureSuccessStatusCode();
        (await AuscultApp.PostClipAsync(admin, "fan-02", TestAudio.AnomalousWav(3), "a1", "fan")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await AuscultApp.PostClipAsync(admin, "fan-01", [1, 2], contentType: "text/plain")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuscultApp.PostClipAsync(anonymous, "fan-01", TestAudio.NormalWav(4))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AuscultApp.PostClipAsync(admin, "pump-09", TestAudio.NormalWav(5))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await AuscultApp.PostClipAsync(admin, "fan-01", [1, 2, 3, 4])).StatusCode);
        await _app.Services.GetRequiredService<Auscult.Server.Storage.MachineStore>()
            .UpsertAsync("pump-01", new Machines.MachineRegistration("pump"), _app.Clock.GetUtcNow());

        using var response = await anonymous.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("0.0.4", response.Content.Headers.ContentType.Parameters.Single(p => p.Name == "version").Value);
        var metrics = new PrometheusText(await response.Content.ReadAsStringAsync());
        Assert.Equal("counter", metrics.TypeOf("auscult_clips_received_total"));
        Assert.Equal(7, metrics.Value("auscult_clips_received_total"));
        Assert.Equal(2, metrics.Value("auscult_clips_scored_total", ("verdict", "normal")));
        Assert.Equal(1, metrics.Value("auscult_clips_scored_total", ("verdict", "anomalous")));
        Assert.Equal(0, metrics.Value("auscult_clips_scored_total", ("verdict", "no-model")));
        Assert.Equal(1, metrics.Value("auscult_clips_refused_total", ("reason", "unsupported-media-type")));
        Assert.Equal(1, metrics.Value("auscult_clips_refused_total", ("reason", "unauthorized")));
        Assert.Equal(1, metrics.Value("auscult_clips_refused_total", ("reason", "unknown-machine")));
        Assert.Equal(1, metrics.Value("auscult_clips_refused_total", ("reason", "unprocessable")));
        Assert.Equal(0, metrics.Value("auscult_clips_refused_total", ("reason", "rate-limited")));

        Assert.Equal("histogram", metrics.TypeOf("auscult_clip_scoring_seconds"));
        var buckets = metrics.All("auscult_clip_scoring_seconds_bucket");
        Assert.Equal(double.PositiveInfinity, double.Parse(buckets[^1].Labels["le"].Replace("+Inf", "Infinity", StringComparison.Ordinal),
            System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(buckets.Zip(buckets.Skip(1)).All(p => p.First.Value <= p.Second.Value), "bucket counts are cumulative");
        Assert.Equal(3, buckets[^1].Value);
        Assert.Equal(3, metrics.Value("auscult_clip_scoring_seconds_count"));
        Assert.InRange(metrics.Value("auscult_clip_scoring_seconds_sum"), 1e-6, 60);

        Assert.Equal("gauge", metrics.TypeOf("auscult_machines"));
        Assert.Equal(2, metrics.Value("auscult_machines", ("state", "ok"))); // one anomalous clip is no alert: fan-02 is ok
        Assert.Equal(1, metrics.Value("auscult_machines", ("state", "no-data")));
        Assert.Equal(3, metrics.All("auscult_machines").Sum(s => s.Value));
        Assert.Equal(0, metrics.Value("auscult_alerts", ("state", "open")));
        Assert.Equal(0, metrics.All("auscult_alerts").Sum(s => s.Value));
    }

    public void Dispose() => _app.Dispose();
}
