using System.Globalization;
using Auscult.Agent.Sources;
using Auscult.Agent.Spool;
using Auscult.Agent.Transport;
using Auscult.Scoring;

namespace Auscult.Agent;

/// <summary>
/// The edge agent: sources put clips into the spool, one sender delivers the spool's clips oldest first and removes
/// each only when the transport acknowledged it (or refused it for good); lost connections and failed deliveries are
/// retried after an exponential back-off with jitter.
/// </summary>
/// <remarks>
/// The log gets one line per event worth a person's attention (connected, disconnected, rejected, dropped, capture
/// errors) and a summary every <see cref="AgentOptions.StatusInterval"/>, never one line per clip.
/// </remarks>
public sealed class EdgeAgent
{
    private readonly AgentOptions _options;
    private readonly ClipSpool _spool;
    private readonly IClipTransport _transport;
    private readonly IReadOnlyList<IClipSource> _sources;
    private readonly TimeProvider _time;
    private readonly TextWriter _log;
    private readonly ReconnectBackoff _backoff;
    private readonly HashSet<long> _scoresSent = [];
    private long _captured;
    private long _acknowledged;
    private long _scored;
    private long _anomalous;
    private long _unfit;
    private long _audioKept;
    private string? _lastError;

    public EdgeAgent(AgentOptions options, ClipSpool spool, IClipTransport transport, IReadOnlyList<IClipSource> sources,
        TextWriter log, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(spool);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(log);
        if (options.Count is <= 0)
        {
            throw new ConfigurationException($"--count {options.Count}: give a positive number of clips.");
        }

        Topics.CheckLevel(options.DeviceId, "device id");
        _options = options;
        _spool = spool;
        _transport = transport;
        _sources = sources;
        _log = TextWriter.Synchronized(log);
        _time = time ?? TimeProvider.System;
        _backoff = new ReconnectBackoff(options.BackoffInitial, options.BackoffMaximum, options.Random);
        _spool.ClipDropped += clip => Report($"spool full ({_spool.LimitBytes} bytes): dropped clip {clip.Metadata.ClipId} of {clip.Metadata.MachineId} recorded {clip.Metadata.RecordedAtText}");
    }

    /// <summary>The status as it would be published now.</summary>
    public AgentStatus Status(bool online = true) => new(_options.DeviceId, online ? "online" : "offline", online, _spool.Depth,
        _spool.Bytes, _spool.Dropped, _spool.Rejected, Interlocked.Read(ref _acknowledged), Volatile.Read(ref _lastError), _time.GetUtcNow());

    /// <summary>
    /// Runs until the sources are done (a replay ended or <see cref="AgentOptions.Count"/> clips were captured) and the
    /// spool is empty, or until cancelled. A cancelled run leaves undelivered clips in the spool for the next one.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<AgentResult> RunAsync(CancellationToken cancellationToken)
    {
        Log($"agent {_options.DeviceId}: spool {_spool.Folder} ({_spool.Depth} clips waiting), sending to {_transport.Destination}");
        foreach (var source in _sources)
        {
            Log($"source: {source.Description}");
        }

        using var stopSources = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var capture = Task.WhenAll(_sources.Select(s => Task.Run(() => PumpAsync(s, stopSources), CancellationToken.None)));
        try
        {
            await SendAsync(capture, cancellationToken);
            await capture;
        }
        finally
        {
            await stopSources.CancelAsync();
            await capture.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _transport.DisconnectAsync(Status(online: false), closing.Token);
            }
            catch (OperationCanceledException)
            {
                // The broker is gone; the last will says offline.
            }
        }

        var result = new AgentResult(Interlocked.Read(ref _captured), Interlocked.Read(ref _acknowledged), _spool.Dropped, _spool.Rejected,
            _spool.Depth, Volatile.Read(ref _lastError));
        Log($"done: {result.Captured} captured, {result.Acknowledged} acknowledged, {result.Dropped} dropped, {result.Rejected} rejected, {result.Remaining} left in the spool{ScoringSummary()}");
        return result;
    }

    private async Task PumpAsync(IClipSource source, CancellationTokenSource stopSources)
    {
        try
        {
            await foreach (var clip in source.CaptureAsync(Report, stopSources.Token))
            {
                long number = Interlocked.Increment(ref _captured);
                if (_options.Count is { } count && number > count)
                {
                    Interlocked.Decrement(ref _captured);
                    break;
                }

                if (_options.Scorer is null)
                {
                    _spool.Add(clip, _options.DeviceId);
                }
                else
                {
                    SpoolScored(clip);
                }

                source.Spooled(clip);
                if (_options.Count is { } limit && number == limit)
                {
                    await stopSources.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (stopSources.IsCancellationRequested)
        {
            // Count reached, or the agent is stopping.
        }
    }

    /// <summary>Decides the clip on the device and spools its score, with its audio when the sampler keeps it.</summary>
    private void SpoolScored(CapturedClip clip)
    {
        ManagedDecision decision;
        try
        {
            decision = _options.Scorer!.Score(clip);
        }
        catch (Exception e) when (e is ModelException or InputException)
        {
            // The model failed on this clip (a NaN score), or its bytes are not a readable WAV file: send the audio
            // unscored, for the service to decide and a person to see.
            Report($"local scoring failed on a clip of {clip.MachineId}: {e.Message}; its audio is sent unscored");
            _spool.Add(clip, _options.DeviceId);
            return;
        }

        bool keep = _options.NormalAudio.KeepAudio(clip.MachineId, clip.RecordedAt, decision.Verdict);
        _spool.Add(clip, _options.DeviceId, decision, keep);
        Interlocked.Increment(ref _scored);
        if (decision.Verdict == ScoreVerdict.Anomalous)
        {
            Interlocked.Increment(ref _anomalous);
        }
        else if (decision.Verdict == ScoreVerdict.InputUnfit)
        {
            Interlocked.Increment(ref _unfit);
        }

        if (keep)
        {
            Interlocked.Increment(ref _audioKept);
        }
    }

    /// <summary>
    /// Delivers one spooled clip: its score first when it has one (once per run: a retry after a failed audio send does
    /// not publish the score again), then its audio when the spool holds it.
    /// </summary>
    private async Task<DeliveryOutcome?> DeliverAsync(SpooledClip clip, CancellationToken cancellationToken)
    {
        if (clip.Metadata.Score is { } score && !_scoresSent.Contains(clip.Sequence))
        {
            var sent = await _transport.SendScoreAsync(clip.Metadata, score, cancellationToken);
            if (sent.Result != DeliveryResult.Acknowledged)
            {
                return sent;
            }

            _scoresSent.Add(clip.Sequence);
        }

        if (!clip.Metadata.HasAudio)
        {
            return DeliveryOutcome.Acknowledged;
        }

        byte[]? wav = _spool.ReadAudio(clip);
        return wav is null ? null : await _transport.SendAsync(clip.Metadata, wav, cancellationToken);
    }

    private async Task SendAsync(Task capture, CancellationToken cancellationToken)
    {
        long lastStatus = _time.GetTimestamp();
        bool statusDue = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (capture.IsFaulted)
            {
                return;
            }

            var clip = _spool.Oldest();
            if (clip is null)
            {
                if (capture.IsCompleted)
                {
                    return;
                }

                await Task.WhenAny(_spool.WaitForClipAsync(cancellationToken), capture, Task.Delay(_options.StatusInterval, _time, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                if (_time.GetElapsedTime(lastStatus) >= _options.StatusInterval)
                {
                    await PublishStatusAsync(cancellationToken);
                    lastStatus = _time.GetTimestamp();
                }

                continue;
            }

            if (!_transport.IsConnected)
            {
                try
                {
                    await _transport.ConnectAsync(Status(), cancellationToken);
                    Log($"connected to {_transport.Destination}");
                    lastStatus = _time.GetTimestamp();
                }
                catch (TransportException e)
                {
                    await FailedAsync(e.Message, null, cancellationToken);
                    continue;
                }
            }

            var outcome = await DeliverAsync(clip, cancellationToken);
            if (outcome is null)
            {
                continue;
            }

            if (outcome.Result != DeliveryResult.RetryLater)
            {
                _scoresSent.Remove(clip.Sequence);
            }

            switch (outcome.Result)
            {
                case DeliveryResult.Acknowledged:
                    if (_spool.Acknowledge(clip))
                    {
                        Interlocked.Increment(ref _acknowledged);
                    }

                    _backoff.Reset();
                    break;
                case DeliveryResult.Rejected:
                    _spool.Reject(clip);
                    Report($"rejected for good, removed from the spool: {outcome.Reason}");
                    statusDue = true;
                    _backoff.Reset();
                    break;
                default:
                    await FailedAsync(outcome.Reason ?? "delivery failed", outcome.RetryAfter, cancellationToken);
                    break;
            }

            if (statusDue || _time.GetElapsedTime(lastStatus) >= _options.StatusInterval)
            {
                await PublishStatusAsync(cancellationToken);
                lastStatus = _time.GetTimestamp();
                statusDue = false;
            }
        }
    }

    private async Task FailedAsync(string reason, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var wait = _backoff.Next();
        if (retryAfter is { } asked && asked > wait)
        {
            wait = asked < _options.BackoffMaximum ? asked : _options.BackoffMaximum;
        }

        Report($"{reason}; {_spool.Depth} clips waiting; retry {_backoff.Attempt} in {wait.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        await Task.Delay(wait, _time, cancellationToken);
    }

    private async Task PublishStatusAsync(CancellationToken cancellationToken)
    {
        await _transport.PublishStatusAsync(Status(), cancellationToken);
        var s = Status();
        Log($"status: {Interlocked.Read(ref _captured)} captured, {s.Acknowledged} acknowledged, {s.SpoolDepth} waiting, {s.Dropped} dropped, {s.Rejected} rejected{ScoringSummary()}");
    }

    /// <summary>The local scoring counts for the log, or nothing when the agent does not score.</summary>
    private string ScoringSummary() => _options.Scorer is null
        ? ""
        : $"; scored locally: {Interlocked.Read(ref _scored)} ({Interlocked.Read(ref _anomalous)} anomalous, {Interlocked.Read(ref _unfit)} input-unfit), audio sent for {Interlocked.Read(ref _audioKept)}";

    private void Report(string error)
    {
        Volatile.Write(ref _lastError, error);
        Log(error);
    }

    private void Log(string line) =>
        _log.WriteLine($"{_time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)} {line}");
}
