using Auscult.Server.Retention;
using Dapper;

namespace Auscult.Server.Storage;

/// <summary>The SQL of audio retention (<see cref="AudioRetention"/>): candidates, the sample look-up, and the decisions.</summary>
public sealed class RetentionStore
{
    private readonly AuscultDatabase _database;

    public RetentionStore(AuscultDatabase database) => _database = database;

    /// <summary>Up to <paramref name="limit"/> undecided clips with audio received before <paramref name="cutoff"/>, oldest first.</summary>
    public Task<IReadOnlyList<RetentionCandidate>> CandidatesAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<RetentionCandidate>>(async c =>
            [.. (await c.QueryAsync<CandidateRow>(
                """
                SELECT c.id, c.machine_id, c.received_at,
                    (SELECT s.verdict FROM scores s WHERE s.clip_id = c.id ORDER BY s.scored_at, s.id LIMIT 1) AS verdict,
                    CASE WHEN EXISTS (SELECT 1 FROM alert_clips a WHERE a.clip_id = c.id)
                        OR EXISTS (SELECT 1 FROM scores s WHERE s.clip_id = c.id AND s.alert_id IS NOT NULL) THEN 1 ELSE 0 END AS in_alert,
                    CASE WHEN EXISTS (SELECT 1 FROM labels l WHERE l.clip_id = c.id) THEN 1 ELSE 0 END AS labelled
                FROM clips c
                WHERE c.audio_kept IS NULL AND c.audio_path IS NOT NULL AND c.received_at < @cutoff
                ORDER BY c.received_at, c.id LIMIT @limit
                """,
                new { cutoff = UnixTime.Of(cutoff), limit }).ConfigureAwait(false)).Select(r => r.ToCandidate())],
            cancellationToken);

    /// <summary>Whether a clip of <paramref name="machineId"/> received in [<paramref name="from"/>, <paramref name="to"/>) is kept as the sample.</summary>
    public Task<bool> SampleTakenAsync(string machineId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(async c => await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM clips WHERE machine_id = @machineId AND audio_kept = @sample AND received_at >= @from AND received_at < @to",
            new { machineId, sample = WireNames.Of(AudioKeptReason.Sample), from = UnixTime.Of(from), to = UnixTime.Of(to) }).ConfigureAwait(false) > 0,
            cancellationToken);

    /// <summary>
    /// Records the decisions in one transaction: a kept clip gets its reason; a deleted clip loses its audio path, unless
    /// it joined an alert or got a label since it was read (then it stays undecided and the next run keeps it).
    /// </summary>
    /// <returns>The audio files to delete now that the transaction committed, with their sizes.</returns>
    public Task<IReadOnlyList<(string AudioPath, long SizeBytes)>> ApplyAsync(IReadOnlyList<(string ClipId, AudioKeptReason? Keep)> decisions,
        DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _database.InTransactionAsync<IReadOnlyList<(string, long)>>(async (c, t) =>
        {
            var deleted = new List<(string, long)>();
            foreach (var (clipId, keep) in decisions)
            {
                if (keep is { } reason)
                {
                    await c.ExecuteAsync("UPDATE clips SET audio_kept = @reason WHERE id = @clipId AND audio_kept IS NULL",
                        new { clipId, reason = WireNames.Of(reason) }, t).ConfigureAwait(false);
                    continue;
                }

                var row = await c.QuerySingleOrDefaultAsync<AudioRow>(
                    "SELECT audio_path, size_bytes FROM clips WHERE id = @clipId AND audio_path IS NOT NULL AND audio_kept IS NULL",
                    new { clipId }, t).ConfigureAwait(false);
                int changed = row is null ? 0 : await c.ExecuteAsync(
                    """
                    UPDATE clips SET audio_path = NULL, audio_deleted_at = @now
                    WHERE id = @clipId AND audio_path IS NOT NULL AND audio_kept IS NULL
                        AND NOT EXISTS (SELECT 1 FROM alert_clips a WHERE a.clip_id = clips.id)
                        AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.clip_id = clips.id AND s.alert_id IS NOT NULL)
                        AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.clip_id = clips.id)
                    """,
                    new { clipId, now = UnixTime.Of(now) }, t).ConfigureAwait(false);
                if (changed == 1)
                {
                    deleted.Add((row!.AudioPath, row.SizeBytes));
                }
            }

            return deleted;
        }, cancellationToken);

    /// <summary>
    /// Expires up to <paramref name="limit"/> normal samples received before <paramref name="cutoff"/>, oldest first, in
    /// one transaction: a sample labelled or put in an alert since it was chosen is kept for that reason instead; the
    /// others lose their audio path.
    /// </summary>
    /// <returns>The samples looked at, and the audio files to delete now that the transaction committed, with their sizes.</returns>
    public Task<(int Examined, IReadOnlyList<(string AudioPath, long SizeBytes)> Deleted)> ExpireSamplesAsync(DateTimeOffset cutoff, int limit, DateTimeOffset now,
        CancellationToken cancellationToken = default) =>
        _database.InTransactionAsync<(int, IReadOnlyList<(string, long)>)>(async (c, t) =>
        {
            var rows = (await c.QueryAsync<SampleRow>(
                """
                SELECT c.id, c.audio_path, c.size_bytes,
                    CASE WHEN EXISTS (SELECT 1 FROM alert_clips a WHERE a.clip_id = c.id)
                        OR EXISTS (SELECT 1 FROM scores s WHERE s.clip_id = c.id AND s.alert_id IS NOT NULL) THEN 1 ELSE 0 END AS in_alert,
                    CASE WHEN EXISTS (SELECT 1 FROM labels l WHERE l.clip_id = c.id) THEN 1 ELSE 0 END AS labelled
                FROM clips c
                WHERE c.audio_kept = @sample AND c.audio_path IS NOT NULL AND c.received_at < @cutoff
                ORDER BY c.received_at, c.id LIMIT @limit
                """,
                new { sample = WireNames.Of(AudioKeptReason.Sample), cutoff = UnixTime.Of(cutoff), limit }, t).ConfigureAwait(false)).ToList();
            var deleted = new List<(string, long)>();
            foreach (var row in rows)
            {
                if (row.InAlert != 0 || row.Labelled != 0)
                {
                    var reason = row.InAlert != 0 ? AudioKeptReason.Alert : AudioKeptReason.Label;
                    await c.ExecuteAsync("UPDATE clips SET audio_kept = @reason WHERE id = @Id", new { row.Id, reason = WireNames.Of(reason) }, t).ConfigureAwait(false);
                    continue;
                }

                // The read and this write are in one transaction, and labels and alerts commit theirs under the same
                // database's rules: the guard repeats the check for a label written in between on PostgreSQL.
                int changed = await c.ExecuteAsync(
                    """
                    UPDATE clips SET audio_path = NULL, audio_kept = NULL, audio_deleted_at = @now
                    WHERE id = @Id AND audio_kept = @sample AND audio_path IS NOT NULL
                        AND NOT EXISTS (SELECT 1 FROM alert_clips a WHERE a.clip_id = clips.id)
                        AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.clip_id = clips.id AND s.alert_id IS NOT NULL)
                        AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.clip_id = clips.id)
                    """,
                    new { row.Id, sample = WireNames.Of(AudioKeptReason.Sample), now = UnixTime.Of(now) }, t).ConfigureAwait(false);
                if (changed == 1)
                {
                    deleted.Add((row.AudioPath, row.SizeBytes));
                }
            }

            return (rows.Count, deleted);
        }, cancellationToken);

    /// <summary>A clip's audio columns, or null when there is no such clip.</summary>
    public Task<(DateTimeOffset ReceivedAt, bool HasPath, AudioKeptReason? Kept, DateTimeOffset? DeletedAt)?> AudioStateAsync(string clipId,
        CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<(DateTimeOffset, bool, AudioKeptReason?, DateTimeOffset?)?>(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<StateRow>(
                "SELECT received_at, audio_path, audio_kept, audio_deleted_at FROM clips WHERE id = @clipId", new { clipId }).ConfigureAwait(false);
            return row is null
                ? null
                : (UnixTime.From(row.ReceivedAt), row.AudioPath is not null, WireNames.TryParse<AudioKeptReason>(row.AudioKept), UnixTime.From(row.AudioDeletedAt));
        }, cancellationToken);

    private sealed class CandidateRow
    {
        public string Id { get; set; } = "";
        public string MachineId { get; set; } = "";
        public long ReceivedAt { get; set; }
        public string? Verdict { get; set; }
        public long InAlert { get; set; }
        public long Labelled { get; set; }

        public RetentionCandidate ToCandidate() =>
            new(Id, MachineId, UnixTime.From(ReceivedAt), WireNames.TryParse<Verdict>(Verdict), InAlert != 0, Labelled != 0);
    }

    private sealed class SampleRow
    {
        public string Id { get; set; } = "";
        public string AudioPath { get; set; } = "";
        public long SizeBytes { get; set; }
        public long InAlert { get; set; }
        public long Labelled { get; set; }
    }

    private sealed class AudioRow
    {
        public string AudioPath { get; set; } = "";
        public long SizeBytes { get; set; }
    }

    private sealed class StateRow
    {
        public long ReceivedAt { get; set; }
        public string? AudioPath { get; set; }
        public string? AudioKept { get; set; }
        public long? AudioDeletedAt { get; set; }
    }
}
