using System.Data.Common;
using Auscult.Server.Labels;
using Dapper;

namespace Auscult.Server.Storage;

/// <summary>The labels table: one label per clip; a later decision replaces the earlier one.</summary>
public sealed class LabelStore
{
    /// <summary>The label of a clip judged normal.</summary>
    public const string Normal = "normal";

    /// <summary>The label of a clip judged anomalous.</summary>
    public const string Anomalous = "anomalous";

    private readonly AuscultDatabase _database;

    public LabelStore(AuscultDatabase database) => _database = database;

    /// <summary>Labels, newest first, optionally of one machine and/or one label.</summary>
    public Task<IReadOnlyList<LabelRecord>> ListAsync(string? machineId = null, string? label = null, int limit = 10_000,
        CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<LabelRecord>>(async c =>
            [.. (await c.QueryAsync<Row>(
                """
                SELECT id, clip_id, machine_id, label, kind, source, alert_id, created_by, created_at FROM labels
                WHERE (@machineId IS NULL OR machine_id = @machineId) AND (@label IS NULL OR label = @label)
                ORDER BY created_at DESC, id DESC LIMIT @limit
                """,
                new { machineId, label, limit }).ConfigureAwait(false)).Select(r => r.ToRecord())],
            cancellationToken);

    /// <summary>Labels every clip of an alert (an operator's confirm or reject), replacing earlier labels of those clips.</summary>
    internal static async Task LabelAlertClipsAsync(DbConnection connection, DbTransaction transaction, string alertId, string label, string? kind,
        string source, string actor, DateTimeOffset now)
    {
        var clips = await connection.QueryAsync<(string ClipId, string MachineId)>(
            "SELECT c.id, c.machine_id FROM alert_clips a JOIN clips c ON c.id = a.clip_id WHERE a.alert_id = @alertId", new { alertId }, transaction)
            .ConfigureAwait(false);
        foreach (var (clipId, machineId) in clips)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO labels (id, clip_id, machine_id, label, kind, source, alert_id, created_by, created_at)
                VALUES (@id, @clipId, @machineId, @label, @kind, @source, @alertId, @actor, @at)
                ON CONFLICT (clip_id) DO UPDATE SET label = excluded.label, kind = excluded.kind, source = excluded.source,
                    alert_id = excluded.alert_id, created_by = excluded.created_by, created_at = excluded.created_at
                """,
                new { id = Guid.CreateVersion7(now).ToString(), clipId, machineId, label, kind, source, alertId, actor, at = UnixTime.Of(now) }, transaction)
                .ConfigureAwait(false);
        }
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string ClipId { get; set; } = "";
        public string MachineId { get; set; } = "";
        public string Label { get; set; } = "";
        public string? Kind { get; set; }
        public string Source { get; set; } = "";
        public string? AlertId { get; set; }
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }

        public LabelRecord ToRecord() => new(Id, ClipId, MachineId, Label, Kind, Source, AlertId, CreatedBy, UnixTime.From(CreatedAt));
    }
}
