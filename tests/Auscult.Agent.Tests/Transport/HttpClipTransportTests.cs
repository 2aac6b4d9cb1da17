using Auscult.Agent.Spool;
using Auscult.Agent.Tests.TestSupport;
using Auscult.Agent.Transport;
using Auscult.Tests.TestSupport;

namespace Auscult.Agent.Tests.Transport;

public sealed class HttpClipTransportTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly ClipListener _server = new();

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    private static ClipMetadata Metadata(string machineId = "fan-01") =>
        new(Guid.CreateVersion7(), machineId, "fan", new DateTimeOffset(2026, 3, 4, 5, 6, 7, 89, TimeSpan.Zero), "ab", "edge-01", 3);

    [Fact]
    public async Task Send_PostsTheWavWithTheServiceHeaders()
    {
        await using var transport = new HttpClipTransport(_server.Url, "device-key");
        var clip = Metadata();
        byte[] wav = TestClips.Wav(1);

        var outcome = await transport.SendAsync(clip, wav, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Acknowledged, outcome);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(("POST", "/api/v1/machines/fan-01/clips", "audio/wav", "Bearer device-key"),
            (request.Method, request.Path, request.ContentType, request.Authorization));
        Assert.Equal((clip.ClipId.ToString(), "2026-03-04T05:06:07.089Z", "fan"), (request.ClipId, request.RecordedAt, request.MachineType));
        Assert.Equal(wav, request.Body);
    }

    [Theory]
    [InlineData(200, DeliveryResult.Acknowledged)]
    [InlineData(201, DeliveryResult.Acknowledged)]
    [InlineData(409, DeliveryResult.Acknowledged)]
    [InlineData(400, DeliveryResult.Rejected)]
    [InlineData(401, DeliveryResult.Rejected)]
    [InlineData(403, DeliveryResult.Rejected)]
    [InlineData(413, DeliveryResult.Rejected)]
    [InlineData(415, DeliveryResult.Rejected)]
    [InlineData(422, DeliveryResult.Rejected)]
    [InlineData(408, DeliveryResult.RetryLater)]
    [InlineData(429, DeliveryResult.RetryLater)]
    [InlineData(500, DeliveryResult.RetryLater)]
    [InlineData(503, DeliveryResult.RetryLater)]
    public async Task Send_MapsTheStatusCode(int status, DeliveryResult expected)
    {
        _server.Answer = _ => (status, null);
        await using var transport = new HttpClipTransport(_server.Url, "k");

        var outcome = await transport.SendAsync(Metadata(), TestClips.Wav(1), CancellationToken.None);

        Assert.Equal(expected, outcome.Result);
        if (expected != DeliveryResult.Acknowledged)
        {
            Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Send_HonoursRetryAfter()
    {
        _server.Answer = _ => (429, 7);
        await using var transport = new HttpClipTransport(_server.Url, "k");

        var outcome = await transport.SendAsync(Metadata(), TestClips.Wav(1), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(7), outcome.RetryAfter);
    }

    [Fact]
    public async Task Send_ToNoServer_IsRetriedLater()
    {
        await using var transport = new HttpClipTransport($"http://127.0.0.1:{LoopbackHttp.FreePort()}", "k");

        var outcome = await transport.SendAsync(Metadata(), TestClips.Wav(1), CancellationToken.None);

        Assert.Equal(DeliveryResult.RetryLater, outcome.Result);
        Assert.Contains("cannot reach", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_RetriesServerErrors_DropsRejectedClips_AndDeliversTheRest()
    {
        // fan-01: the first two posts fail with 500, then succeed. fan-02: the service refuses it (403) every time.
        int failures = 0;
        _server.Answer = r => r.Path.Contains("fan-02", StringComparison.Ordinal) ? (403, null)
            : Interlocked.Increment(ref failures) <= 2 ? (500, null) : (200, null);
        var spool = ClipSpool.Open(_temp.Combine("spool"), 1L << 30, durable: false);
        var clips = new[] { TestClips.Captured(1), TestClips.Captured(2, "fan-02"), TestClips.Captured(3) };
        var log = new StringWriter();
        await using var transport = new HttpClipTransport(_server.Url, "k");
        var agent = new EdgeAgent(new AgentOptions { DeviceId = "edge-01", Count = 3, BackoffInitial = TimeSpan.FromMilliseconds(10), BackoffMaximum = TimeSpan.FromMilliseconds(20) },
            spool, transport, [new ListSource(clips)], log);

        var result = await agent.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((3L, 2L, 1L, 0L, 0), (result.Captured, result.Acknowledged, result.Rejected, result.Dropped, result.Remaining));
        Assert.False(result.Complete);
        var posts = _server.Requests.ToList();
        Assert.Equal(5, posts.Count);
        // The refused clip is posted once, never retried; the others are retried until acknowledged, oldest first.
        Assert.Single(posts, p => p.Path.Contains("fan-02", StringComparison.Ordinal));
        Assert.Equal(3, posts.Count(p => p.ClipId == posts[0].ClipId));
        Assert.Contains("403", log.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(spool.Folder));
    }

    [Theory]
    [InlineData("ftp://host", "k", "is not a URL")]
    [InlineData("http://host", "", "--key is required")]
    public void Constructor_RefusesBadOptions(string server, string key, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => new HttpClipTransport(server, key));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
