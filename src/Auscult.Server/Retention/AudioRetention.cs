using Auscult.Server.Storage;
using Microsoft.Extensions.Options;

namespace Auscult.Server.Retention;

/// <summary>
/// Runs audio retention once (<see cref="RunAsync"/>): under the <see cref="LeaseName"/> lease, so one instance among
/// those sharing a database does the work, it decides every clip older than <see cref="RetentionOptions.DeleteAudioAfter"/>
/// whose audio is stored and undecided, oldest first and a batch per transaction (<see cref="RetentionRules"/>), and then
/// deletes the files of the clips it decided to drop; then it deletes the audio of normal samples older than
/// <see cref="RetentionOptions.KeepSamplesFor"/>. Each decision is recorded once, so a second run finds nothing to do. A file is deleted only after the database stopped pointing at it: a crash in between leaves an orphan file,
/// never a clip whose audio is missing.
/// </summary>
public sealed class AudioRetention
{
    /// <summary>The lease that makes one instance at a time run retention.</summary>
    public const string LeaseName = "retention";

    private readonly RetentionStore _store;
    private readonly LeaseStore _leases;
    private readonly FileStore _files;
    private readonly TimeProvider _timeProvider;
    private readonly RetentionOptions _options;

    public AudioRetention(AuscultDatabase database, FileStore files, TimeProvider timeProvider, IOptions<RetentionOptions> options)
        : this(database, files, timeProvider, options, NewHolder())
    {
    }

    // holder: this instance's name in the leases table (tests name two instances).
    internal AudioRetention(AuscultDatabase database, FileStore files, TimeProvider timeProvider, IOptions<RetentionOptions> options, string holder)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = new RetentionStore(database);
        _leases = new LeaseStore(database);
        _files = files;
        _timeProvider = timeProvider;
        _options = options.Value;
        Holder = holder;
    }

    /// <summary>This instance's name in the leases table.</summary>
    public string Holder { get; }

    /// <summary>
    /// How long a run's lease lasts: two intervals, so the instance that ran keeps running while it lives, and another
    /// takes over within two intervals of its death. Renewed before every batch.
    /// </summary>
    public TimeSpan LeaseDuration => 2 * _options.Interval;

    /// <summary>When a clip received at <paramref name="receivedAt"/> is decided on.</summary>
    public DateTimeOffset DecideAfter(DateTimeOffset receivedAt) => receivedAt + _options.DeleteAudioAfter;

    /// <summary>Whether a clip's audio is kept, or null when there is no such clip.</summary>
    public async Task<ClipAudio?> StatusAsync(string clipId, CancellationToken cancellationToken = default)
    {
        var state = await _store.AudioStateAsync(clipId, cancellationToken).ConfigureAwait(false);
        if (state is not { } s)
        {
            return null;
        }

        return s.Kept is { } reason ? new ClipAudio(AudioState.Kept, reason, null, null)
            : s.HasPath ? new ClipAudio(AudioState.Stored, null, DecideAfter(s.ReceivedAt), null)
            : new ClipAudio(AudioState.Deleted, null, null, s.DeletedAt);
    }

    /// <summary>Decides and deletes what is due now; skips (<see cref="RetentionReport.Ran"/> false) when another instance holds the lease.</summary>
    public async Task<RetentionReport> RunAsync(CancellationToken cancellationToken = default)
    {
        if (!await _leases.TryAcquireAsync(LeaseName, Holder, _timeProvider.GetUtcNow(), LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            return RetentionReport.Skipped;
        }

        var kept = Enum.GetValues<AudioKeptReason>().ToDictionary(r => r, _ => 0);
        int decided = 0, deleted = 0;
        long freed = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = _timeProvider.GetUtcNow();
            if (decided > 0 && !await _leases.TryAcquireAsync(LeaseName, Holder, now, LeaseDuration, cancellationToken).ConfigureAwait(false))
            {
                break; // the lease ran out and another instance took over: it carries on
            }

            var batch = await _store.CandidatesAsync(now - _options.DeleteAudioAfter, _options.BatchSize, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }

            var samples = new Dictionary<(string, long), bool>();
            var decisions = new List<(string, AudioKeptReason?)>(batch.Count);
            // The rule asks about the sample periods of its batch; look each up once, before it asks.
            foreach (var key in batch.Where(c => RetentionRules.IsSampleable(c.Verdict))
                         .Select(c => (c.MachineId, RetentionRules.SamplePeriodOf(c.ReceivedAt, _options.SampleEvery))).Distinct())
            {
                samples[key] = _options.SampleEvery > TimeSpan.Zero && await SampleTakenAsync(key.MachineId, key.Item2, cancellationToken).ConfigureAwait(false);
            }

            var rules = RetentionRules.Decide(batch, _options, (machine, period) => samples[(machine, period)]);
            for (int i = 0; i < batch.Count; i++)
            {
                decisions.Add((batch[i].ClipId, rules[i]));
                if (rules[i] is { } reason)
                {
                    kept[reason]++;
                }
            }

            var toDelete = await _store.ApplyAsync(decisions, now, cancellationToken).ConfigureAwait(false);
            foreach (var (path, size) in toDelete)
            {
                _files.Delete(path);
                freed += size;
            }

            decided += batch.Count;
            deleted += toDelete.Count;
            if (batch.Count < _options.BatchSize)
            {
                break;
            }
        }

        int expired = 0;
        while (_options.KeepSamplesFor > TimeSpan.Zero)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = _timeProvider.GetUtcNow();
            if (!await _leases.TryAcquireAsync(LeaseName, Holder, now, LeaseDuration, cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            var (examined, toDelete) = await _store.ExpireSamplesAsync(now - _options.KeepSamplesFor, _options.BatchSize, now, cancellationToken).ConfigureAwait(false);
            foreach (var (path, size) in toDelete)
            {
                _files.Delete(path);
                freed += size;
            }

            expired += toDelete.Count;
            if (examined < _options.BatchSize)
            {
                break;
            }
        }

        return new RetentionReport(true, decided, deleted, kept, freed, expired);
    }

    private Task<bool> SampleTakenAsync(string machineId, long period, CancellationToken cancellationToken)
    {
        long ms = (long)_options.SampleEvery.TotalMilliseconds;
        var from = DateTimeOffset.FromUnixTimeMilliseconds(period * ms);
        return _store.SampleTakenAsync(machineId, from, from + _options.SampleEvery, cancellationToken);
    }

    private static string NewHolder() => $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
}
