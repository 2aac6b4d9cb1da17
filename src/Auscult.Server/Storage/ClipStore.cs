using System.Data.Common;
using System.Text.Json;
using Auscult.Server.Clips;
using Dapper;

namespace Auscult.Server.Storage;

/// <summary>The clips and scores tables.</summary>
public sealed class ClipStore
{
    private const string ScoreColumns = "clip_id, machine_id, clip_at, scored_at, model_id, score, threshold, verdict, kind, alert_id, unfit_reason";
    private readonly AuscultDatabase _database;

    public ClipStore(AuscultDatabase database) => _database = database;

    /// <summary>The first answer given for a sender's clip id on a machine, or null when it was never stored.</summary>
    public Task<ClipResult?> FindResultAsync(string machineId, string clientClipId, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(c => FindResultAsync(c, null, machineId, clientClipId), cancellationToken);

    internal static async Task<ClipResult?> FindResultAsync(DbConnection connection, DbTransaction? transaction, string machineId, string clientClipId)
    {
        string? clipId = await connection.QuerySingleOrDefaultAsync<string?>(
            "SELECT id FROM clips WHERE machine_id = @machineId AND client_clip_id = @clientClipId", new { machineId, clientClipId }, transaction)
            .ConfigureAwait(false);
        return clipId is null ? null : await ResultOfAsync(connection, transaction, clipId).ConfigureAwait(false);
    }

    /// <summary>Stores a clip unless the machine already has one with its client clip id; returns whether it was stored.</summary>
    internal static async Task<bool> InsertAsync(DbConnection connection, DbTransaction transaction, NewClip clip) =>
        await connection.ExecuteAsync(
            """
            INSERT INTO clips (id, machine_id, client_clip_id, device_id, received_at, recorded_at, format, sample_rate, channels, duration_ms, size_bytes, sha256, health, audio_path)
            VALUES (@Id, @MachineId, @ClientClipId, @DeviceId, @receivedAt, @recordedAt, @Format, @SampleRate, @Channels, @durationMs, @SizeBytes, @Sha256, @health, @AudioPath)
            ON CONFLICT (machine_id, client_clip_id) DO NOTHING
            """,
            new
            {
                clip.Id,
                clip.MachineId,
                clip.ClientClipId,
                clip.DeviceId,
                receivedAt = UnixTime.Of(clip.ReceivedAt),
                recordedAt = clip.RecordedAt is { } r ? UnixTime.Of(r) : (long?)null,
                clip.Format,
                clip.SampleRate,
                clip.Channels,
                durationMs = (long)Math.Round(clip.Duration.TotalMilliseconds),
                clip.SizeBytes,
                clip.Sha256,
                health = JsonSerializer.Serialize(clip.Health, StoreJson.Options),
                clip.AudioPath,
            }, transaction).ConfigureAwait(false) == 1;

    /// <summary>
    /// Gives a clip stored without audio (an agent scored it on the device and sent its score first) the audio that
    /// followed; returns false when the clip already has audio or a newer format (nothing is overwritten).
    /// </summary>
    internal static async Task<bool> AttachAudioAsync(DbConnection connection, DbTransaction transaction, string clipId, NewClip audio) =>
        await connection.ExecuteAsync(
            """
            UPDATE clips SET format = @Format, sample_rate = @SampleRate, channels = @Channels, duration_ms = @durationMs, size_bytes = @SizeBytes,
                sha256 = @Sha256, health = @health, audio_path = @AudioPath
            WHERE id = @clipId AND audio_path IS NULL AND format = @deviceFormat
            """,
            new
            {
                clipId,
                audio.Format,
                audio.SampleRate,
                audio.Channels,
                durationMs = (long)Math.Round(audio.Duration.TotalMilliseconds),
                audio.SizeBytes,
                audio.Sha256,
                health = JsonSerializer.Serialize(audio.Health, StoreJson.Options),
                audio.AudioPath,
                deviceFormat = ClipIngestion.ScoredOnDeviceFormat,
            }, transaction).ConfigureAwait(false) == 1;

    /// <summary>Stores a score.</summary>
    internal static Task InsertScoreAsync(DbConnection connection, DbTransaction transaction, NewScore score) =>
        connection.ExecuteAsync(
            """
            INSERT INTO scores (id, clip_id, machine_id, model_id, clip_at, scored_at, score, threshold, verdict, kind, unfit_reason, instance_id, machine_seq)
            VALUES (@Id, @ClipId, @MachineId, @ModelId, @clipAt, @scoredAt, @Score, @Threshold, @verdict, @Kind, @UnfitReason, @InstanceId, @MachineSeq)
            """,
            new
            {
                score.Id,
                score.ClipId,
                score.MachineId,
                score.ModelId,
                clipAt = UnixTime.Of(score.ClipAt),
                scoredAt = UnixTime.Of(score.ScoredAt),
                score.Score,
                score.Threshold,
                verdict = WireNames.Of(score.Verdict),
                score.Kind,
                score.UnfitReason,
                score.InstanceId,
                score.MachineSeq,
            }, transaction);

    /// <summary>The next number in a machine's order of judgement; call with the machine's row locked, in the clip's transaction.</summary>
    internal static Task<long> NextMachineSeqAsync(DbConnection connection, DbTransaction transaction, string machineId) =>
        connection.ExecuteScalarAsync<long>("UPDATE machines SET clip_seq = clip_seq + 1 WHERE id = @machineId RETURNING clip_seq", new { machineId }, transaction);

    /// <summary>Changes a score's verdict and threshold (the machine's own threshold judged it).</summary>
    internal static Task RejudgeAsync(DbConnection connection, DbTransaction transaction, string scoreId, Verdict verdict, double? threshold) =>
        connection.ExecuteAsync("UPDATE scores SET verdict = @verdict, threshold = @threshold WHERE id = @scoreId",
            new { scoreId, verdict = WireNames.Of(verdict), threshold }, transaction);

    /// <summary>Links a score to the alert it opened or updated.</summary>
    internal static Task SetAlertAsync(DbConnection connection, DbTransaction transaction, string scoreId, string alertId) =>
        connection.ExecuteAsync("UPDATE scores SET alert_id = @alertId WHERE id = @scoreId", new { scoreId, alertId }, transaction);

    /// <summary>The answer for a stored clip: its first score.</summary>
    internal static async Task<ClipResult?> ResultOfAsync(DbConnection connection, DbTransaction? transaction, string clipId)
    {
        var clip = await connection.QuerySingleOrDefaultAsync<ClipRow>($"SELECT * FROM clips WHERE id = @clipId", new { clipId }, transaction)
            .ConfigureAwait(false);
        if (clip is null)
        {
            return null;
        }

        var score = await connection.QueryFirstOrDefaultAsync<ScoreRow>(
            $"SELECT {ScoreColumns} FROM scores WHERE clip_id = @clipId ORDER BY scored_at, id LIMIT 1", new { clipId }, transaction).ConfigureAwait(false);
        var health = clip.ReadHealth();
        return score is null
            ? new ClipResult(clip.Id, clip.MachineId, null, null, Verdict.NoModel, null, health, null, null, null)
            : new ClipResult(clip.Id, clip.MachineId, score.Score, score.Threshold, WireNames.Parse<Verdict>(score.Verdict), score.Kind, health,
                score.ModelId, score.AlertId, score.UnfitReason);
    }

    /// <summary>A stored clip with its scores, or null.</summary>
    public Task<ClipRecord?> GetAsync(string clipId, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(async c =>
        {
            var clip = await c.QuerySingleOrDefaultAsync<ClipRow>("SELECT * FROM clips WHERE id = @clipId", new { clipId }).ConfigureAwait(false);
            if (clip is null)
            {
                return null;
            }

            var scores = await c.QueryAsync<ScoreRow>($"SELECT {ScoreColumns} FROM scores WHERE clip_id = @clipId ORDER BY scored_at, id", new { clipId })
                .ConfigureAwait(false);
            return new ClipRecord(clip.Id, clip.MachineId, clip.ClientClipId, clip.DeviceId, UnixTime.From(clip.ReceivedAt), UnixTime.From(clip.RecordedAt),
                clip.Format, (int)clip.SampleRate, (int)clip.Channels, clip.DurationMs / 1000.0, clip.SizeBytes, clip.Sha256, clip.ReadHealth(),
                clip.AudioPath is not null, [.. scores.Select(s => s.ToPoint())]);
        }, cancellationToken);

    /// <summary>Where a clip's audio is (relative to the data folder), or null when the clip or its audio is gone.</summary>
    public Task<(string MachineId, string? AudioPath)?> AudioOfAsync(string clipId, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<(string, string?)?>(async c =>
        {
            var row = await c.QuerySingleOrDefaultAsync<ClipRow>("SELECT * FROM clips WHERE id = @clipId", new { clipId }).ConfigureAwait(false);
            return row is null ? null : (row.MachineId, row.AudioPath);
        }, cancellationToken);

    /// <summary>A machine's scores with clip times in [<paramref name="from"/>, <paramref name="to"/>), oldest first, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<ScorePoint>> ScoresAsync(string machineId, DateTimeOffset from, DateTimeOffset to, int limit,
        CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<ScorePoint>>(async c =>
            [.. (await c.QueryAsync<ScoreRow>(
                $"SELECT {ScoreColumns} FROM scores WHERE machine_id = @machineId AND clip_at >= @from AND clip_at < @to ORDER BY clip_at, id LIMIT @limit",
                new { machineId, from = UnixTime.Of(from), to = UnixTime.Of(to), limit }).ConfigureAwait(false)).Select(s => s.ToPoint())],
            cancellationToken);

    /// <summary>A machine's newest scores, newest first (what alert rules and machine states look at).</summary>
    public Task<IReadOnlyList<ScorePoint>> RecentAsync(string machineId, int count, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(c => RecentAsync(c, null, machineId, count), cancellationToken);

    internal static async Task<IReadOnlyList<ScorePoint>> RecentAsync(DbConnection connection, DbTransaction? transaction, string machineId, int count) =>
        [.. (await connection.QueryAsync<ScoreRow>(
            $"SELECT {ScoreColumns} FROM scores WHERE machine_id = @machineId ORDER BY clip_at DESC, id DESC LIMIT @count",
            new { machineId, count }, transaction).ConfigureAwait(false)).Select(s => s.ToPoint())];

    /// <summary>How many clips are stored (all machines).</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM clips"), cancellationToken);

    private sealed class ClipRow
    {
        public string Id { get; set; } = "";
        public string MachineId { get; set; } = "";
        public string ClientClipId { get; set; } = "";
        public string? DeviceId { get; set; }
        public long ReceivedAt { get; set; }
        public long? RecordedAt { get; set; }
        public string Format { get; set; } = "";
        public long SampleRate { get; set; }
        public long Channels { get; set; }
        public long DurationMs { get; set; }
        public long SizeBytes { get; set; }
        public string Sha256 { get; set; } = "";
        public string Health { get; set; } = "{}";
        public string? AudioPath { get; set; }

        public ClipHealth ReadHealth() => JsonSerializer.Deserialize<ClipHealth>(Health, StoreJson.Options)!;
    }

    private sealed class ScoreRow
    {
        public string ClipId { get; set; } = "";
        public string MachineId { get; set; } = "";
        public long ClipAt { get; set; }
        public long ScoredAt { get; set; }
        public string? ModelId { get; set; }
        public double? Score { get; set; }
        public double? Threshold { get; set; }
        public string Verdict { get; set; } = "";
        public string? Kind { get; set; }
        public string? AlertId { get; set; }
        public string? UnfitReason { get; set; }

        public ScorePoint ToPoint() => new(ClipId, MachineId, UnixTime.From(ClipAt), UnixTime.From(ScoredAt), ModelId, Score, Threshold,
            WireNames.Parse<Verdict>(Verdict), Kind, AlertId, UnfitReason);
    }
}
