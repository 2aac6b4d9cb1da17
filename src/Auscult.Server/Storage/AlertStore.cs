using System.Data.Common;
using Auscult.Server.Alerting;
using Auscult.Server.Alerts;
using Dapper;

namespace Auscult.Server.Storage;

/// <summary>The alerts, alert_clips and alert_events tables. Every state change writes an event with who and when.</summary>
public sealed class AlertStore
{
    private const string Columns =
        "id, machine_id, kind, state, severity, opened_at, updated_at, closed_at, first_clip_id, last_clip_id, clip_count, peak_score, confirmed_kind, note";

    private readonly AuscultDatabase _database;

    public AlertStore(AuscultDatabase database) => _database = database;

    /// <summary>The alert, or null.</summary>
    public Task<AlertRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(c => GetAsync(c, null, id, lockRow: null), cancellationToken);

    /// <summary>Alerts, newest first, optionally in one state and/or of one machine.</summary>
    public Task<IReadOnlyList<AlertRecord>> ListAsync(AlertState? state = null, string? machineId = null, int limit = 500,
        CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<AlertRecord>>(async c =>
            [.. (await c.QueryAsync<Row>(
                $"SELECT {Columns} FROM alerts WHERE (@state IS NULL OR state = @state) AND (@machineId IS NULL OR machine_id = @machineId) ORDER BY opened_at DESC, id DESC LIMIT @limit",
                new { state = state is { } s ? WireNames.Of(s) : null, machineId, limit }).ConfigureAwait(false)).Select(r => r.ToRecord())],
            cancellationToken);

    /// <summary>The alert's state changes, oldest first.</summary>
    public Task<IReadOnlyList<AlertEvent>> EventsAsync(string alertId, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<AlertEvent>>(async c =>
            [.. (await c.QueryAsync<EventRow>(
                "SELECT id, alert_id, type, at, actor, from_state, to_state, note FROM alert_events WHERE alert_id = @alertId ORDER BY at, id",
                new { alertId }).ConfigureAwait(false)).Select(r => r.ToEvent())],
            cancellationToken);

    /// <summary>The ids of the alert's clips.</summary>
    public Task<IReadOnlyList<string>> ClipsAsync(string alertId, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<string>>(async c =>
            [.. await c.QueryAsync<string>("SELECT clip_id FROM alert_clips WHERE alert_id = @alertId ORDER BY clip_id", new { alertId }).ConfigureAwait(false)],
            cancellationToken);

    /// <summary>
    /// Moves an alert to <paramref name="to"/> (an operator's acknowledge, confirm, reject or close), recording who and when;
    /// confirming labels its clips anomalous (with the confirmed kind), rejecting labels them normal.
    /// </summary>
    /// <exception cref="ProblemException">404 for an unknown alert; 409 for a change its state does not allow.</exception>
    public Task<AlertRecord> TransitionAsync(string alertId, AlertState to, string actor, string? note, DateTimeOffset now, string? confirmedKind = null,
        CancellationToken cancellationToken = default) =>
        _database.InTransactionAsync(async (c, t) =>
        {
            _ = await GetAsync(c, t, alertId, _database.Dialect.ForUpdate).ConfigureAwait(false)
                ?? throw ProblemException.NotFound($"There is no alert '{alertId}'.");
            return await TransitionAndLabelAsync(c, t, alertId, to, actor, note, now, confirmedKind, _database.Dialect.ForUpdate).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Moves an existing alert's row to <paramref name="to"/> in the caller's transaction, recording who and when, and
    /// labels its clips on a decision (confirmed: anomalous with their kind; rejected, a false alarm: normal).
    /// </summary>
    internal static async Task<AlertRecord> TransitionAndLabelAsync(DbConnection connection, DbTransaction transaction, string alertId, AlertState to,
        string actor, string? note, DateTimeOffset now, string? confirmedKind, string lockRow)
    {
        await TransitionAsync(connection, transaction, alertId, to, actor, note, now, confirmedKind, lockRow).ConfigureAwait(false);
        var changed = (await GetAsync(connection, transaction, alertId, lockRow: null).ConfigureAwait(false))!;
        if (to == AlertState.Confirmed)
        {
            await LabelStore.LabelAlertClipsAsync(connection, transaction, alertId, LabelStore.Anomalous, changed.ConfirmedKind ?? changed.Kind, "alert-confirmed",
                actor, now).ConfigureAwait(false);
        }
        else if (to == AlertState.Rejected)
        {
            await LabelStore.LabelAlertClipsAsync(connection, transaction, alertId, LabelStore.Normal, null, "alert-rejected", actor, now).ConfigureAwait(false);
        }

        return changed;
    }

    internal static async Task<AlertRecord?> GetAsync(DbConnection connection, DbTransaction? transaction, string id, string? lockRow) =>
        (await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM alerts WHERE id = @id{lockRow}", new { id }, transaction)
            .ConfigureAwait(false))?.ToRecord();

    internal static async Task<IReadOnlyList<AlertRecord>> NotClosedAsync(DbConnection connection, DbTransaction transaction, string machineId, string lockRows) =>
        [.. (await connection.QueryAsync<Row>(
            $"SELECT {Columns} FROM alerts WHERE machine_id = @machineId AND closed_at IS NULL ORDER BY opened_at, id{lockRows}",
            new { machineId }, transaction).ConfigureAwait(false)).Select(r => r.ToRecord())];

    internal static async Task<string> OpenAsync(DbConnection connection, DbTransaction transaction, string machineId, string kind, AlertSeverity severity,
        string? clipId, double? score, string actor, string? note, DateTimeOffset now)
    {
        string id = Guid.CreateVersion7(now).ToString();
        long at = UnixTime.Of(now);
        await connection.ExecuteAsync(
            $"""
            INSERT INTO alerts ({Columns})
            VALUES (@id, @machineId, @kind, @state, @severity, @at, @at, NULL, @clipId, @clipId, @count, @score, NULL, @note)
            """,
            new { id, machineId, kind, state = WireNames.Of(AlertState.Open), severity = WireNames.Of(severity), at, clipId, count = clipId is null ? 0 : 1, score, note },
            transaction).ConfigureAwait(false);
        if (clipId is not null)
        {
            await connection.ExecuteAsync("INSERT INTO alert_clips (alert_id, clip_id) VALUES (@id, @clipId)", new { id, clipId }, transaction).ConfigureAwait(false);
        }

        await InsertEventAsync(connection, transaction, AlertEvent.Create(id, AlertChangeType.Opened, now, actor, null, AlertState.Open, note)).ConfigureAwait(false);
        return id;
    }

    internal static async Task AttachClipAsync(DbConnection connection, DbTransaction transaction, string alertId, string clipId, double? score,
        AlertSeverity? severity, DateTimeOffset now)
    {
        int added = await connection.ExecuteAsync(
            "INSERT INTO alert_clips (alert_id, clip_id) VALUES (@alertId, @clipId) ON CONFLICT (alert_id, clip_id) DO NOTHING",
            new { alertId, clipId }, transaction).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            UPDATE alerts SET last_clip_id = @clipId, clip_count = clip_count + @added, updated_at = @at,
                peak_score = CASE WHEN @score IS NOT NULL AND (peak_score IS NULL OR peak_score < @score) THEN @score ELSE peak_score END,
                severity = COALESCE(@severity, severity)
            WHERE id = @alertId
            """,
            new { alertId, clipId, added, at = UnixTime.Of(now), score, severity = severity is { } s ? WireNames.Of(s) : null }, transaction).ConfigureAwait(false);
    }

    internal static async Task TransitionAsync(DbConnection connection, DbTransaction transaction, string alertId, AlertState to, string actor, string? note,
        DateTimeOffset now, string? confirmedKind, string lockRow)
    {
        var alert = await GetAsync(connection, transaction, alertId, lockRow).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"There is no alert '{alertId}'.");
        if (!AlertTransitions.IsAllowed(alert.State, to))
        {
            throw ProblemException.Conflict($"Alert '{alertId}' is {WireNames.Of(alert.State)}; it cannot become {WireNames.Of(to)}.");
        }

        long at = UnixTime.Of(now);
        await connection.ExecuteAsync(
            """
            UPDATE alerts SET state = @state, updated_at = @at, closed_at = CASE WHEN @closed = 1 THEN @at ELSE closed_at END,
                confirmed_kind = COALESCE(@confirmedKind, confirmed_kind), note = COALESCE(@note, note)
            WHERE id = @alertId
            """,
            new { alertId, state = WireNames.Of(to), at, closed = to == AlertState.Closed ? 1 : 0, confirmedKind, note }, transaction).ConfigureAwait(false);
        await InsertEventAsync(connection, transaction, AlertEvent.Create(alertId, ChangeTypeOf(alert.State, to), now, actor, alert.State, to, note)).ConfigureAwait(false);
    }

    internal static Task<string?> EngineStateAsync(DbConnection connection, DbTransaction? transaction, string machineId) =>
        connection.QuerySingleOrDefaultAsync<string?>("SELECT state FROM machine_alert_states WHERE machine_id = @machineId", new { machineId }, transaction);

    internal static Task SaveEngineStateAsync(DbConnection connection, DbTransaction transaction, string machineId, long version, string state,
        DateTimeOffset now) =>
        connection.ExecuteAsync(
            """
            INSERT INTO machine_alert_states (machine_id, version, state, updated_at) VALUES (@machineId, @version, @state, @at)
            ON CONFLICT (machine_id) DO UPDATE SET version = excluded.version, state = excluded.state, updated_at = excluded.updated_at
            """,
            new { machineId, version, state, at = UnixTime.Of(now) }, transaction);

    /// <summary>
    /// The machines whose last clip arrived at or before <paramref name="cutoff"/> and that are not yet stored as
    /// offline: the ones the offline tick must look at (at most <paramref name="limit"/>).
    /// </summary>
    public Task<IReadOnlyList<string>> DueOfflineAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<string>>(async c =>
            [.. await c.QueryAsync<string>(
                """
                SELECT machine_id FROM machine_alert_states
                WHERE last_clip_at <= @cutoff AND (machine_state IS NULL OR machine_state <> @offline)
                ORDER BY last_clip_at LIMIT @limit
                """,
                new { cutoff = UnixTime.Of(cutoff), offline = WireNames.Of(MachineState.Offline), limit }).ConfigureAwait(false)],
            cancellationToken);

    /// <summary>
    /// The machine's engine state as stored, and the version read (null when the machine has no row yet: the state is
    /// then a new one). Call it with the machine's row locked (<see cref="LockMachineAsync"/>).
    /// </summary>
    internal static async Task<(MachineAlertState State, long? Version)> LoadEngineStateAsync(DbConnection connection, DbTransaction transaction, string machineId)
    {
        string? stored = await EngineStateAsync(connection, transaction, machineId).ConfigureAwait(false);
        if (stored is null)
        {
            return (MachineAlertState.Create(machineId), null);
        }

        var state = AlertJson.DeserializeState(stored);
        return (state, state.Version);
    }

    /// <summary>
    /// Locks the machine's row until the transaction ends (PostgreSQL; SQLite's write transaction already serialises
    /// writers), so that one machine's clips and operator actions change its alert state one at a time, across
    /// instances. Returns whether the machine exists.
    /// </summary>
    internal static async Task<bool> LockMachineAsync(DbConnection connection, DbTransaction transaction, string machineId, SqlDialect dialect) =>
        await connection.ExecuteScalarAsync<string?>($"SELECT id FROM machines WHERE id = @machineId{dialect.ForUpdate}", new { machineId }, transaction)
            .ConfigureAwait(false) is not null;

    /// <summary>
    /// Stores what one engine call decided, in the caller's transaction: every alert change (row, new clips, history
    /// entry), the labels of an operator's decision, and the machine's new state. The state is written only if its
    /// stored version is still <paramref name="readVersion"/> (null: no row yet); otherwise another writer got in
    /// between, which the machine's row lock rules out, and the transaction fails rather than lose that write.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stored version moved since it was read.</exception>
    internal static async Task ApplyOutcomeAsync(DbConnection connection, DbTransaction transaction, AlertOutcome outcome, long? readVersion, DateTimeOffset now)
    {
        foreach (var change in outcome.Changes)
        {
            await UpsertAsync(connection, transaction, change.Alert, change.ClipIds, change.Event).ConfigureAwait(false);
        }

        if (outcome.Labels is { } labels)
        {
            bool anomalous = labels.Label == LabelDecision.Anomalous;
            await LabelStore.LabelAlertClipsAsync(connection, transaction, labels.AlertId, anomalous ? LabelStore.Anomalous : LabelStore.Normal,
                anomalous ? labels.Kind : null, anomalous ? "alert-confirmed" : "alert-rejected", labels.By, labels.At).ConfigureAwait(false);
        }

        var state = outcome.State;
        int written = await connection.ExecuteAsync(
            """
            INSERT INTO machine_alert_states (machine_id, version, state, updated_at, machine_state, last_clip_at)
            VALUES (@MachineId, @Version, @json, @at, @machineState, @lastClipAt)
            ON CONFLICT (machine_id) DO UPDATE SET version = excluded.version, state = excluded.state, updated_at = excluded.updated_at,
                machine_state = excluded.machine_state, last_clip_at = excluded.last_clip_at
            WHERE machine_alert_states.version = @readVersion
            """,
            new
            {
                state.MachineId, state.Version, json = AlertJson.Serialize(state), at = UnixTime.Of(now), readVersion,
                machineState = WireNames.Of(state.State), lastClipAt = state.LastClipAt is { } last ? UnixTime.Of(last) : (long?)null,
            }, transaction).ConfigureAwait(false);
        if (written != 1)
        {
            throw new InvalidOperationException(
                $"The alert state of machine {state.MachineId} changed while it was being updated (read version {readVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).");
        }
    }

    /// <summary>
    /// Writes an alert as the rules engine returns it: inserts it under the engine's id or updates its row (never a
    /// closed row: closed is final). Operator actions go through the engine too, so its state is the row's. Links
    /// <paramref name="clipIds"/> and records <paramref name="historyEvent"/> when given (once: by its id).
    /// </summary>
    internal static async Task UpsertAsync(DbConnection connection, DbTransaction transaction, Alert alert, IReadOnlyList<string> clipIds,
        AlertEvent? historyEvent)
    {
        await connection.ExecuteAsync(
            $"""
            INSERT INTO alerts ({Columns})
            VALUES (@Id, @MachineId, @Kind, @state, @severity, @openedAt, @updatedAt, @closedAt, @FirstClipId, @LastClipId, @ClipCount, @PeakScore, @ConfirmedKind, @note)
            ON CONFLICT (id) DO UPDATE SET
                state = excluded.state, severity = excluded.severity, updated_at = excluded.updated_at, closed_at = excluded.closed_at,
                last_clip_id = excluded.last_clip_id, clip_count = excluded.clip_count, peak_score = excluded.peak_score,
                confirmed_kind = excluded.confirmed_kind, note = excluded.note
            WHERE alerts.closed_at IS NULL
            """,
            new
            {
                alert.Id, alert.MachineId, alert.Kind, state = WireNames.Of(alert.State), severity = WireNames.Of(alert.Severity),
                openedAt = UnixTime.Of(alert.OpenedAt), updatedAt = UnixTime.Of(alert.UpdatedAt), closedAt = alert.ClosedAt is { } c ? UnixTime.Of(c) : (long?)null,
                alert.FirstClipId, alert.LastClipId, alert.ClipCount, alert.PeakScore, alert.ConfirmedKind, note = alert.Note ?? alert.Reason,
            }, transaction).ConfigureAwait(false);
        foreach (string clipId in clipIds)
        {
            await connection.ExecuteAsync(
                "INSERT INTO alert_clips (alert_id, clip_id) VALUES (@alertId, @clipId) ON CONFLICT (alert_id, clip_id) DO NOTHING",
                new { alertId = alert.Id, clipId }, transaction).ConfigureAwait(false);
        }

        if (historyEvent is not null)
        {
            await InsertEventAsync(connection, transaction, historyEvent).ConfigureAwait(false);
        }
    }

    private static Task InsertEventAsync(DbConnection connection, DbTransaction transaction, AlertEvent e) =>
        connection.ExecuteAsync(
            """
            INSERT INTO alert_events (id, alert_id, type, at, actor, from_state, to_state, note) VALUES (@Id, @AlertId, @type, @at, @Actor, @from, @to, @Note)
            ON CONFLICT (id) DO NOTHING
            """,
            new
            {
                e.Id,
                e.AlertId,
                type = WireNames.Of(e.Type),
                at = UnixTime.Of(e.At),
                e.Actor,
                from = e.From is { } f ? WireNames.Of(f) : null,
                to = WireNames.Of(e.To),
                e.Note,
            }, transaction);

    // The change a state change is (for rows written before events recorded their type, and for the raw transitions).
    private static AlertChangeType ChangeTypeOf(AlertState? from, AlertState to) => (from, to) switch
    {
        (null, _) => AlertChangeType.Opened,
        (_, AlertState.Acknowledged) => AlertChangeType.Acknowledged,
        (_, AlertState.Confirmed) => AlertChangeType.Confirmed,
        (_, AlertState.Rejected) => AlertChangeType.Rejected,
        (_, AlertState.Closed) => AlertChangeType.Cleared,
        _ => AlertChangeType.Escalated,
    };

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string MachineId { get; set; } = "";
        public string Kind { get; set; } = "";
        public string State { get; set; } = "";
        public string Severity { get; set; } = "";
        public long OpenedAt { get; set; }
        public long UpdatedAt { get; set; }
        public long? ClosedAt { get; set; }
        public string? FirstClipId { get; set; }
        public string? LastClipId { get; set; }
        public long ClipCount { get; set; }
        public double? PeakScore { get; set; }
        public string? ConfirmedKind { get; set; }
        public string? Note { get; set; }

        public AlertRecord ToRecord() => new(Id, MachineId, Kind, WireNames.Parse<AlertState>(State), WireNames.Parse<AlertSeverity>(Severity),
            UnixTime.From(OpenedAt), UnixTime.From(UpdatedAt), UnixTime.From(ClosedAt), FirstClipId, LastClipId, (int)ClipCount, PeakScore, ConfirmedKind, Note);
    }

    private sealed class EventRow
    {
        public string Id { get; set; } = "";
        public string AlertId { get; set; } = "";
        public string? Type { get; set; }
        public long At { get; set; }
        public string Actor { get; set; } = "";
        public string? FromState { get; set; }
        public string ToState { get; set; } = "";
        public string? Note { get; set; }

        public AlertEvent ToEvent()
        {
            var from = WireNames.TryParse<AlertState>(FromState);
            var to = WireNames.Parse<AlertState>(ToState);
            return new(Id, AlertId, WireNames.TryParse<AlertChangeType>(Type) ?? ChangeTypeOf(from, to), UnixTime.From(At), Actor, from, to, Note);
        }
    }
}
