using System.Collections.Concurrent;
using Auscult.Agent.Load;
using Auscult.Agent.Tests.TestSupport;
using Auscult.Agent.Transport;

namespace Auscult.Agent.Tests.Load;

public sealed class LoadGeneratorTests
{
    private static readonly LoadClipPool Pool = LoadClipPool.Of([[1, 2, 3], [4, 5, 6, 7]]);

    [Fact]
    public async Task Run_AsFastAsAnswered_SendsEachClipOnce_SpreadOverDevicesAndMachines()
    {
        var transports = new ConcurrentDictionary<int, ScriptedTransport>();
        var options = new LoadOptions { Devices = 3, Count = 12, MachinesPerDevice = 2, Prefix = "t" };

        var report = await new LoadGenerator(options, d => transports.GetOrAdd(d, _ => new ScriptedTransport()), acknowledgementIsStoredScore: true)
            .RunAsync(Pool, check: null);

        var attempts = transports.Values.SelectMany(t => t.Attempts.Select(a => a.Clip)).ToList();
        Assert.Equal(12, attempts.Count);
        Assert.Equal(12, attempts.Select(c => c.ClipId).Distinct().Count());
        Assert.Equal(["t-d001-m01", "t-d001-m02", "t-d002-m01", "t-d002-m02", "t-d003-m01", "t-d003-m02"],
            attempts.Select(c => c.MachineId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(attempts.GroupBy(c => c.MachineId), g => Assert.Equal(2, g.Count()));
        Assert.All(transports, t => Assert.All(t.Value.Attempts, a => Assert.Equal($"t-d{t.Key + 1:D3}", a.Clip.DeviceId)));
        Assert.Equal((12, 12, 12, 0, 0), (report.Sent, report.Acknowledged, report.Stored!.Value, report.Lost!.Value, report.Errors));
        Assert.Null(report.Duplicated);
        Assert.Equal(LatencySource.Response, report.LatencyFrom);
        Assert.NotNull(report.P99Ms);
    }

    [Fact]
    public async Task Run_RetriesAClipTheReceiverAskedToRetry_WithTheSameId_AndCountsARefusalAsAnError()
    {
        var transport = new ScriptedTransport(
            DeliveryOutcome.Retry("503 Service Unavailable", TimeSpan.FromMilliseconds(1)),
            DeliveryOutcome.Acknowledged,
            DeliveryOutcome.Reject("403 Forbidden"));
        var options = new LoadOptions { Devices = 1, Count = 3 };

        var report = await new LoadGenerator(options, _ => transport, acknowledgementIsStoredScore: true).RunAsync(Pool, check: null);

        var ids = transport.Attempts.Select(a => a.Clip.ClipId).ToList();
        Assert.Equal(4, ids.Count);
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal((3, 2, 1, 1), (report.Sent, report.Acknowledged, report.Errors, report.Retries));
        Assert.Equal(1, report.Lost);
        Assert.Equal(["403 Forbidden"], report.FirstErrors);
    }

    [Fact]
    public async Task Run_WithACheck_CountsStoredDuplicatedAndLost_AndTakesLatencyFromTheDatabaseForABroker()
    {
        var transport = new ScriptedTransport();
        var check = new ScriptedCheck(sent => [
            new StoredClip(sent[0].ClipId, 1, 1, sent[0].RecordedAt.AddSeconds(5)),
            new StoredClip(sent[1].ClipId, 1, 2, sent[1].RecordedAt.AddSeconds(5)),
            new StoredClip(Guid.NewGuid(), 1, 1, null),
        ]);
        var options = new LoadOptions { Devices = 1, Count = 3, CheckWait = TimeSpan.Zero };

        var report = await new LoadGenerator(options, _ => transport, acknowledgementIsStoredScore: false).RunAsync(Pool, check.Bind(transport));

        Assert.Equal((3, 3, 2, 1, 1), (report.Sent, report.Acknowledged, report.Stored!.Value, report.Duplicated!.Value, report.Lost!.Value));
        Assert.Equal(LatencySource.Database, report.LatencyFrom);
        Assert.Equal(["load-d001-m01"], check.MachineIds);
        Assert.InRange(report.MaxMs!.Value, 1, 5000);
    }

    [Fact]
    public async Task Run_WithACheck_GivesEachInstanceItsShareOfTheStoredClips()
    {
        var transport = new ScriptedTransport();
        var check = new ScriptedCheck(sent => [
            new StoredClip(sent[0].ClipId, 1, 1, sent[0].RecordedAt, "scorer-b"),
            new StoredClip(sent[1].ClipId, 1, 1, sent[1].RecordedAt, "scorer-a"),
            new StoredClip(sent[2].ClipId, 1, 1, sent[2].RecordedAt, "scorer-b"),
            new StoredClip(sent[3].ClipId, 1, 0, null, "scorer-c"),
        ]);
        var options = new LoadOptions { Devices = 1, Count = 4, CheckWait = TimeSpan.Zero };

        var report = await new LoadGenerator(options, _ => transport, acknowledgementIsStoredScore: false).RunAsync(Pool, check.Bind(transport));

        // The clip without a score is lost, not anyone's share.
        Assert.Equal([new InstanceShare("scorer-b", 2, 0.667), new InstanceShare("scorer-a", 1, 0.333)], report.Instances!);
    }

    [Fact]
    public async Task Run_WithACheckOfABroker_ReadsAgainUntilEveryAcknowledgedClipIsStored()
    {
        var transport = new ScriptedTransport();
        int reads = 0;
        // The first two reads find the last clip not yet scored (still queued at the broker or being scored).
        var check = new ScriptedCheck(sent => [.. sent.Select((c, i) => new StoredClip(c.ClipId, 1, i == sent.Count - 1 && ++reads <= 2 ? 0 : 1, c.RecordedAt))]);
        var options = new LoadOptions { Devices = 1, Count = 3 };

        var report = await new LoadGenerator(options, _ => transport, acknowledgementIsStoredScore: false).RunAsync(Pool, check.Bind(transport));

        Assert.Equal(3, reads);
        Assert.Equal((3, 0, 0), (report.Stored!.Value, report.Lost!.Value, report.Duplicated!.Value));
    }

    [Fact]
    public async Task Run_ConnectsAgain_WhenTheBrokerIsNotUpYet()
    {
        var transport = new ScriptedTransport { FailingConnects = 2 };
        var options = new LoadOptions { Devices = 1, Count = 2 };

        var report = await new LoadGenerator(options, _ => transport, acknowledgementIsStoredScore: true).RunAsync(Pool, check: null);

        Assert.Equal(3, transport.ConnectAttempts);
        Assert.Equal((2, 2), (report.Sent, report.Acknowledged));
    }

    [Fact]
    public async Task Run_GivesUpConnecting_AfterItsRetries()
    {
        var transport = new ScriptedTransport { FailingConnects = int.MaxValue };
        var options = new LoadOptions { Devices = 1, Count = 2, Retries = 1 };

        await Assert.ThrowsAsync<TransportException>(() => new LoadGenerator(options, _ => transport, acknowledgementIsStoredScore: true).RunAsync(Pool, check: null));
        Assert.Equal(2, transport.ConnectAttempts);
    }

    [Fact]
    public async Task Run_AtAFixedRate_SendsEveryClip()
    {
        var transport = new ScriptedTransport();
        var options = new LoadOptions { Devices = 2, Count = 6, Rate = 1000 };

        var report = await new LoadGenerator(options, _ => transport, acknowledgementIsStoredScore: true).RunAsync(Pool, check: null);

        Assert.Equal(6, transport.Attempts.Select(a => a.Clip.ClipId).Distinct().Count());
        Assert.Equal((6, 6, 0), (report.Sent, report.Stored!.Value, report.Lost!.Value));
    }

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(0.99, 4.0)]
    [InlineData(0.0, 1.0)]
    public void Percentile_IsTheNearestRank(double fraction, double expected) =>
        Assert.Equal(expected, LoadGenerator.Percentile([1, 2, 3, 4], fraction));

    [Fact]
    public void IsAnomalous_MarksTheFirstRoundsOfEachTen_ForEveryMachine()
    {
        var options = new LoadOptions { Devices = 2, MachinesPerDevice = 2, AnomalousShare = 0.3 };

        // A round is 4 clips (one per machine): rounds 0-2 anomalous, 3-9 normal, 10 anomalous again.
        Assert.Equal([.. Enumerable.Repeat(true, 12), .. Enumerable.Repeat(false, 28), .. Enumerable.Repeat(true, 4)],
            Enumerable.Range(0, 44).Select(options.IsAnomalous));
        Assert.DoesNotContain(true, Enumerable.Range(0, 44).Select(new LoadOptions().IsAnomalous));
    }

    [Fact]
    public async Task Run_WithACheck_ReadsAgain_WhenTheDatabaseIsRestarting()
    {
        var transport = new ScriptedTransport();
        var reader = new FailingFirst(transport, failures: 2);
        var options = new LoadOptions { Devices = 1, Count = 3, CheckWait = TimeSpan.FromSeconds(30) };

        var report = await new LoadGenerator(options, _ => transport, acknowledgementIsStoredScore: false).RunAsync(Pool, reader);

        Assert.Equal(3, reader.Reads);
        Assert.Equal((3, 3, 0, 0), (report.Sent, report.Stored!.Value, report.Lost!.Value, report.Duplicated!.Value));
    }

    [Fact]
    public void Validate_NamesTheOptionOutOfRange()
    {
        var e = Assert.Throws<ConfigurationException>(() => new LoadOptions { Rate = 0 }.Validate());
        Assert.Contains("--rate", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A database check answering from what the transport saw.</summary>
    private sealed class ScriptedCheck(Func<IReadOnlyList<ClipMetadata>, IReadOnlyList<StoredClip>> answer)
    {
        public IReadOnlyList<string> MachineIds { get; private set; } = [];

        private IReadOnlyList<StoredClip> Answer(IReadOnlyList<ClipMetadata> sent) => answer(sent);

        public IStoredClipReader Bind(ScriptedTransport transport) => new Reader(this, transport);

        private sealed class Reader(ScriptedCheck owner, ScriptedTransport transport) : IStoredClipReader
        {
            public Task<IReadOnlyList<StoredClip>> ReadAsync(IReadOnlyList<string> machineIds, CancellationToken cancellationToken)
            {
                owner.MachineIds = machineIds;
                return Task.FromResult(owner.Answer([.. transport.Attempts.Select(a => a.Clip)]));
            }
        }
    }

    /// <summary>A database that refuses the first reads (restarting), then has every clip stored once.</summary>
    private sealed class FailingFirst(ScriptedTransport transport, int failures) : IStoredClipReader
    {
        public int Reads { get; private set; }

        public Task<IReadOnlyList<StoredClip>> ReadAsync(IReadOnlyList<string> machineIds, CancellationToken cancellationToken)
        {
            if (++Reads <= failures)
            {
                throw new IOException("the database system is shutting down");
            }

            return Task.FromResult<IReadOnlyList<StoredClip>>([.. transport.Attempts.Select(a => new StoredClip(a.Clip.ClipId, 1, 1, a.Clip.RecordedAt.AddSeconds(1)))]);
        }
    }
}
