using Auscult.Agent.Spool;
using Auscult.Agent.Tests.TestSupport;
using Auscult.Agent.Transport;
using Auscult.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Auscult.Agent.Tests;

public sealed class EdgeAgentTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private ClipSpool OpenSpool() => ClipSpool.Open(_temp.Combine("spool"), 1L << 30, durable: false);

    private static AgentOptions Options(int? count = null) => new()
    {
        DeviceId = "edge-01",
        Count = count,
        BackoffInitial = TimeSpan.FromSeconds(1),
        BackoffMaximum = TimeSpan.FromSeconds(8),
        StatusInterval = TimeSpan.FromHours(1),
        Random = new Random(3),
    };

    [Fact]
    public async Task Run_DeliversEveryClipInOrder_AndEmptiesTheSpool()
    {
        var spool = OpenSpool();
        var transport = new ScriptedTransport();
        var clips = Enumerable.Range(0, 5).Select(i => TestClips.Captured(i)).ToList();
        var agent = new EdgeAgent(Options(), spool, transport, [new ListSource(clips)], TextWriter.Null);

        var result = await agent.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(new AgentResult(5, 5, 0, 0, 0, null), result);
        Assert.Equal(clips.Select(c => c.RecordedAt), transport.Attempts.Select(a => a.Clip.RecordedAt));
        Assert.Empty(Directory.GetFiles(spool.Folder));
    }

    [Fact]
    public async Task Run_KeepsAClipUntilAcknowledged_RetryingAfterAGrowingBackoff()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var spool = OpenSpool();
        var transport = new ScriptedTransport(DeliveryOutcome.Retry("broker down"), DeliveryOutcome.Retry("broker down"), DeliveryOutcome.Retry("broker down"));
        transport.SpoolDepth = _ => spool.Depth;
        var log = new StringWriter();
        var agent = new EdgeAgent(Options(), spool, transport, [new ListSource([TestClips.Captured(1)])], log, time);

        var run = agent.RunAsync(CancellationToken.None);
        var waits = new List<TimeSpan>();
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            await Eventually.TrueAsync(() => transport.Attempts.Count == attempt, $"attempt {attempt}");
            // Nothing happens until the back-off has passed on the (fake) clock.
            var before = time.GetUtcNow();
            while (transport.Attempts.Count == attempt)
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
                await Task.Delay(5);
            }

            waits.Add(time.GetUtcNow() - before);
        }

        var result = await run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(4, transport.Attempts.Count);
        Assert.All(transport.Attempts, a => Assert.Equal(1, a.Spooled));
        Assert.Single(transport.Attempts.Select(a => a.Clip.ClipId).Distinct());
        Assert.Equal((1L, 1L, 0L, 0L, 0), (result.Captured, result.Acknowledged, result.Dropped, result.Rejected, result.Remaining));
        Assert.StartsWith("broker down", result.LastError, StringComparison.Ordinal);
        Assert.Contains("retry 3 in", log.ToString(), StringComparison.Ordinal);
        // Bounds of equal jitter: attempt n waits between half and all of 2^(n-1) s (plus one 100 ms step of the fake clock).
        Assert.InRange(waits[0].TotalSeconds, 0.5, 1.1);
        Assert.InRange(waits[1].TotalSeconds, 1.0, 2.1);
        Assert.InRange(waits[2].TotalSeconds, 2.0, 4.1);
    }

    [Fact]
    public async Task Run_DropsARejectedClip_CountsIt_AndDeliversTheRest()
    {
        var spool = OpenSpool();
        var transport = new ScriptedTransport(DeliveryOutcome.Reject("403 Forbidden"));
        var log = new StringWriter();
        var agent = new EdgeAgent(Options(count: 3), spool, transport, [new ListSource(Enumerable.Range(0, 3).Select(i => TestClips.Captured(i)).ToList())], log);

        var result = await agent.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((3L, 2L, 1L, 0), (result.Captured, result.Acknowledged, result.Rejected, result.Remaining));
        Assert.False(result.Complete);
        Assert.Contains("rejected for good", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("403 Forbidden", result.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithCount_StopsCapturingAfterNClips()
    {
        var spool = OpenSpool();
        var transport = new ScriptedTransport();
        var agent = new EdgeAgent(Options(count: 4), spool, transport, [new ListSource(Enumerable.Range(0, 10).Select(i => TestClips.Captured(i)).ToList())], TextWriter.Null);

        var result = await agent.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((4L, 4L, true), (result.Captured, result.Acknowledged, result.Complete));
    }

    [Fact]
    public async Task Run_AfterARestart_SendsTheClipsLeftInTheSpoolFirst()
    {
        var spool = OpenSpool();
        var left = spool.Add(TestClips.Captured(1), "edge-01")!;
        var transport = new ScriptedTransport();
        var agent = new EdgeAgent(Options(), OpenSpool(), transport, [new ListSource([TestClips.Captured(2)])], TextWriter.Null);

        var result = await agent.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(left.Metadata.ClipId, transport.Attempts.First().Clip.ClipId);
        Assert.Equal((1L, 2L, 0), (result.Captured, result.Acknowledged, result.Remaining));
    }

    [Fact]
    public async Task Run_Cancelled_LeavesUndeliveredClipsInTheSpool()
    {
        var time = new FakeTimeProvider();
        var spool = OpenSpool();
        var transport = new ScriptedTransport(Enumerable.Repeat(DeliveryOutcome.Retry("down"), 100).ToArray());
        using var cancel = new CancellationTokenSource();
        var agent = new EdgeAgent(Options(), spool, transport, [new ListSource([TestClips.Captured(1), TestClips.Captured(2)])], TextWriter.Null, time);

        var run = agent.RunAsync(cancel.Token);
        await Eventually.TrueAsync(() => transport.Attempts.Count >= 1 && spool.Depth == 2, "the first attempt");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(2, OpenSpool().Depth);
    }
}
