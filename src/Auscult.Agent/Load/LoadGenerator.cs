using System.Collections.Concurrent;
using Auscult.Agent.Transport;

namespace Auscult.Agent.Load;

/// <summary>
/// Simulated edge devices sending synthetic clips through <see cref="IClipTransport"/> (HTTP to the service, or MQTT to
/// the broker the service's instances share), at a fixed total rate or as fast as the receiver answers; then, when given
/// a <see cref="IStoredClipReader"/>, a check of the database: each clip id sent should be stored once with one score.
/// </summary>
/// <remarks>
/// Each device has its own transport (its own connection). A clip the receiver asks to retry (HTTP 5xx/408/429, a
/// network error, a broker without a connection) is sent again with the same clip id after 100 ms, 200 ms, ... so a
/// receiver restarted mid-run shows up as retries, not as losses; a refused clip is counted as an error at once.
/// </remarks>
public sealed class LoadGenerator
{
    private const int ErrorSamples = 3;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);

    private readonly LoadOptions _options;
    private readonly Func<int, IClipTransport> _transportFor;
    private readonly bool _acknowledgementIsStoredScore;
    private readonly TimeProvider _time;

    /// <param name="options">The run's shape.</param>
    /// <param name="transportFor">Makes device <c>d</c>'s transport (from 0); the generator connects and disposes it.</param>
    /// <param name="acknowledgementIsStoredScore">Whether an acknowledgement means the clip's score is stored (HTTP) or only that a broker took it (MQTT).</param>
    /// <param name="timeProvider">The clock; the system's by default.</param>
    public LoadGenerator(LoadOptions options, Func<int, IClipTransport> transportFor, bool acknowledgementIsStoredScore, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(transportFor);
        options.Validate();
        _options = options;
        _transportFor = transportFor;
        _acknowledgementIsStoredScore = acknowledgementIsStoredScore;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Sends <see cref="LoadOptions.Count"/> clips from <paramref name="pool"/>, then checks the database when <paramref name="check"/> is given.</summary>
    /// <exception cref="TransportException">A device cannot connect, after <see cref="LoadOptions.Retries"/> further attempts.</exception>
    public async Task<LoadReport> RunAsync(LoadClipPool pool, IStoredClipReader? check, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var transports = new IClipTransport[_options.Devices];
        try
        {
            for (int d = 0; d < transports.Length; d++)
            {
                transports[d] = _transportFor(d);
            }

            await Task.WhenAll(transports.Select((t, d) => ConnectAsync(t, d, cancellationToken))).ConfigureAwait(false);
            var run = new Run(_time);
            var clips = Plan(pool);
            if (_options.Rate is { } rate)
            {
                await SendAtRateAsync(run, clips, transports, rate, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Task.WhenAll(Enumerable.Range(0, transports.Length).Select(d => SendInTurnAsync(run, clips, d, transports[d], cancellationToken)))
                    .ConfigureAwait(false);
            }

            var elapsed = _time.GetElapsedTime(run.Started, run.LastAnswer == 0 ? _time.GetTimestamp() : run.LastAnswer);
            await Task.WhenAll(transports.Select((t, d) => t.DisconnectAsync(Status(d, "offline"), cancellationToken))).ConfigureAwait(false);
            var stored = check is null ? null : await ReadStoredAsync(check, clips, cancellationToken).ConfigureAwait(false);
            return Report(run, clips, stored, transports[0].Destination, elapsed);
        }
        finally
        {
            foreach (var transport in transports.Where(t => t is not null))
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The database's rows for the run's machines; for a broker run, read again every half second (up to
    /// <see cref="LoadOptions.CheckWait"/>) until every acknowledged clip is stored with a score.
    /// </summary>
    private async Task<IReadOnlyList<StoredClip>> ReadStoredAsync(IStoredClipReader check, PlannedClip[] clips, CancellationToken cancellationToken)
    {
        var machineIds = _options.MachineIds();
        long deadline = _time.GetTimestamp() + (long)(_options.CheckWait.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            IReadOnlyList<StoredClip> stored;
            try
            {
                stored = await check.ReadAsync(machineIds, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e) && _time.GetTimestamp() < deadline)
            {
                // The database restarting (a fault the run injects, or a failover): read again until the wait is over.
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (_acknowledgementIsStoredScore || _time.GetTimestamp() >= deadline)
            {
                return stored;
            }

            var scored = stored.Where(s => s.Clips > 0 && s.Scores > 0).Select(s => s.ClipId).ToHashSet();
            if (clips.Where(c => c.Acknowledged).All(c => scored.Contains(c.Metadata.ClipId)))
            {
                return stored;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(Exception e) =>
        e is System.Data.Common.DbException or IOException or TimeoutException or System.Net.Sockets.SocketException
        || e.InnerException is { } inner && IsTransient(inner);

    private PlannedClip[] Plan(LoadClipPool pool)
    {
        var now = _time.GetUtcNow();
        var clips = new PlannedClip[_options.Count];
        for (int i = 0; i < clips.Length; i++)
        {
            int device = i % _options.Devices;
            int machine = i / _options.Devices % _options.MachinesPerDevice;
            var source = _options.IsAnomalous(i) && pool.Anomalous.Count > 0 ? pool.Anomalous : pool.Clips;
            var (wav, sha256) = source[i % source.Count];
            var metadata = new ClipMetadata(Guid.CreateVersion7(now), _options.MachineId(device, machine), WireName(_options.MachineType), now, sha256,
                _options.DeviceId(device), wav.Length);
            clips[i] = new PlannedClip(device, metadata, wav);
        }

        return clips;
    }

    private async Task SendInTurnAsync(Run run, PlannedClip[] clips, int device, IClipTransport transport, CancellationToken cancellationToken)
    {
        for (int i = device; i < clips.Length; i += _options.Devices)
        {
            await SendAsync(run, clips, i, transport, _time.GetTimestamp(), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendAtRateAsync(Run run, PlannedClip[] clips, IClipTransport[] transports, double rate, CancellationToken cancellationToken)
    {
        using var inFlight = new SemaphoreSlim(_options.MaxInFlight);
        var sends = new List<Task>(clips.Length);
        for (int i = 0; i < clips.Length; i++)
        {
            // Clip i is due at i / rate seconds: its latency counts from then, so a receiver that falls behind is measured
            // by how late its answers come, not hidden by a sender that waits for it.
            long due = run.Started + (long)(i / rate * _time.TimestampFrequency);
            var wait = _time.GetElapsedTime(_time.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            await inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            int index = i;
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    await SendAsync(run, clips, index, transports[clips[index].Device], due, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    inFlight.Release();
                }
            }, cancellationToken));
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
    }

    private async Task SendAsync(Run run, PlannedClip[] clips, int index, IClipTransport transport, long due, CancellationToken cancellationToken)
    {
        var clip = clips[index];
        clip.DueAt = run.WallAt(due);
        for (int attempt = 0; ; attempt++)
        {
            DeliveryOutcome outcome;
            try
            {
                outcome = await transport.SendAsync(clip.Metadata, clip.Wav, cancellationToken).ConfigureAwait(false);
            }
            catch (TransportException e)
            {
                outcome = DeliveryOutcome.Retry(e.Message);
            }

            long now = _time.GetTimestamp();
            if (outcome.Result == DeliveryResult.Acknowledged)
            {
                clip.Acknowledged = true;
                clip.LatencyMs = _time.GetElapsedTime(due, now).TotalMilliseconds;
                run.Answered(now);
                return;
            }

            if (outcome.Result == DeliveryResult.Rejected || attempt >= _options.Retries)
            {
                run.Failed(outcome.Reason ?? outcome.Result.ToString());
                run.Answered(now);
                return;
            }

            run.Retried();
            var backoff = outcome.RetryAfter ?? FirstBackoff * (1 << Math.Min(attempt, 6));
            await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
            if (!transport.IsConnected)
            {
                await TryReconnectAsync(transport, clip.Device, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Connects a device, trying again with the sends' backoff (a broker restarting as the run starts) up to <see cref="LoadOptions.Retries"/> times.</summary>
    private async Task ConnectAsync(IClipTransport transport, int device, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await transport.ConnectAsync(Status(device, "online"), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TransportException) when (attempt < _options.Retries)
            {
                await Task.Delay(FirstBackoff * (1 << Math.Min(attempt, 6)), _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task TryReconnectAsync(IClipTransport transport, int device, CancellationToken cancellationToken)
    {
        try
        {
            await transport.ConnectAsync(Status(device, "online"), cancellationToken).ConfigureAwait(false);
        }
        catch (TransportException)
        {
            // The next attempt reports the failure (and retries again while attempts remain).
        }
    }

    private LoadReport Report(Run run, PlannedClip[] clips, IReadOnlyList<StoredClip>? stored, string destination, TimeSpan elapsed)
    {
        int acknowledged = clips.Count(c => c.Acknowledged);
        int? storedCount = null, duplicated = null, lost = null;
        IReadOnlyList<InstanceShare>? instances = null;
        var source = _acknowledgementIsStoredScore ? LatencySource.Response : LatencySource.Acknowledgement;
        var latencies = clips.Where(c => c.Acknowledged).Select(c => c.LatencyMs).ToList();
        if (stored is not null)
        {
            var byId = new Dictionary<Guid, (int Clips, int Scores, DateTimeOffset? ScoredAt, string? ScoredBy)>();
            foreach (var row in stored)
            {
                var (c, s, at, by) = byId.GetValueOrDefault(row.ClipId);
                bool earlier = at is null || (row.FirstScoredAt is { } r && r < at);
                byId[row.ClipId] = (c + row.Clips, s + row.Scores, earlier ? row.FirstScoredAt ?? at : at, earlier ? row.ScoredBy ?? by : by);
            }

            var sent = clips.Select(c => (Clip: c, Found: byId.TryGetValue(c.Metadata.ClipId, out var found) ? found : default)).ToList();
            storedCount = sent.Count(s => s.Found.Clips > 0 && s.Found.Scores > 0);
            duplicated = sent.Sum(s => Math.Max(0, s.Found.Clips - 1) + Math.Max(0, s.Found.Scores - 1));
            lost = clips.Length - storedCount;
            instances = Shares(sent.Where(s => s.Found.Clips > 0 && s.Found.Scores > 0).Select(s => s.Found.ScoredBy), storedCount.Value);
            if (!_acknowledgementIsStoredScore)
            {
                source = LatencySource.Database;
                latencies = [.. sent.Where(s => s.Found.ScoredAt is not null && s.Clip.DueAt is not null)
                    .Select(s => Math.Max(0, (s.Found.ScoredAt!.Value - s.Clip.DueAt!.Value).TotalMilliseconds))];
            }
        }
        else if (_acknowledgementIsStoredScore)
        {
            storedCount = acknowledged;
            lost = clips.Length - acknowledged;
        }

        latencies.Sort();
        double seconds = elapsed.TotalSeconds;
        return new LoadReport(destination, clips.Length, acknowledged, storedCount, duplicated, lost,
            seconds > 0 ? Math.Round(acknowledged / seconds, 1) : 0, Percentile(latencies, 0.50), Percentile(latencies, 0.99),
            latencies.Count == 0 ? null : Math.Round(latencies[^1], 1), source, run.ErrorCount, run.RetryCount, [.. run.Errors.Take(ErrorSamples)],
            Math.Round(seconds, 2), instances);
    }

    /// <summary>Each instance's count and share of the stored clips, most first (ties by name).</summary>
    private static List<InstanceShare> Shares(IEnumerable<string?> scoredBy, int stored) =>
        [.. scoredBy.GroupBy(i => i ?? "unknown", StringComparer.Ordinal)
            .Select(g => new InstanceShare(g.Key, g.Count(), stored == 0 ? 0 : Math.Round((double)g.Count() / stored, 3)))
            .OrderByDescending(i => i.Clips).ThenBy(i => i.Instance, StringComparer.Ordinal)];

    /// <summary>The nearest-rank percentile of sorted values, rounded to 0.1 ms; null for none.</summary>
    internal static double? Percentile(IReadOnlyList<double> sorted, double fraction) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)], 1);

    private AgentStatus Status(int device, string state) =>
        new(_options.DeviceId(device), state, state == "online", 0, 0, 0, 0, 0, null, _time.GetUtcNow());

    private static string WireName(Data.Synthesis.MachineType type) => type.ToString().ToLowerInvariant();

    private sealed class PlannedClip(int device, ClipMetadata metadata, byte[] wav)
    {
        public int Device { get; } = device;

        public ClipMetadata Metadata { get; } = metadata;

        public byte[] Wav { get; } = wav;

        public DateTimeOffset? DueAt { get; set; }

        public bool Acknowledged { get; set; }

        public double LatencyMs { get; set; }
    }

    private sealed class Run(TimeProvider time)
    {
        private readonly DateTimeOffset _startedWall = time.GetUtcNow();
        private long _lastAnswer;
        private int _errorCount;
        private int _retryCount;

        public long Started { get; } = time.GetTimestamp();

        public long LastAnswer => Interlocked.Read(ref _lastAnswer);

        public int ErrorCount => _errorCount;

        public int RetryCount => _retryCount;

        public ConcurrentQueue<string> Errors { get; } = new();

        public void Retried() => Interlocked.Increment(ref _retryCount);

        public DateTimeOffset WallAt(long timestamp) => _startedWall + time.GetElapsedTime(Started, timestamp);

        public void Answered(long timestamp)
        {
            long seen;
            while ((seen = Interlocked.Read(ref _lastAnswer)) < timestamp && Interlocked.CompareExchange(ref _lastAnswer, timestamp, seen) != seen)
            {
            }
        }

        public void Failed(string reason)
        {
            Interlocked.Increment(ref _errorCount);
            if (Errors.Count < ErrorSamples && !Errors.Contains(reason))
            {
                Errors.Enqueue(reason);
            }
        }
    }
}
