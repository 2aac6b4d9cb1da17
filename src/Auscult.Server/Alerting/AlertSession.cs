using System.Data.Common;
using Auscult.Server.Alerts;
using Auscult.Server.Clips;
using Auscult.Server.Storage;

namespace Auscult.Server.Alerting;

/// <summary>
/// The alert rules' view of the database for one machine inside one clip's transaction: the machine's recent scores
/// and its alerts that are not closed, and the writes the rules may make. Everything commits with the clip.
/// </summary>
public sealed class AlertSession
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly string _lockRows;
    private readonly List<Action> _afterCommit = [];

    internal AlertSession(DbConnection connection, DbTransaction transaction, string lockRows, string machineId, DateTimeOffset now)
    {
        _connection = connection;
        _transaction = transaction;
        _lockRows = lockRows;
        MachineId = machineId;
        Now = now;
    }

    /// <summary>The machine whose clip is being stored.</summary>
    public string MachineId { get; }

    /// <summary>The time of this change (the service's clock).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The machine's newest scores, newest first, the new clip's included.</summary>
    public Task<IReadOnlyList<ScorePoint>> RecentScoresAsync(int count) => ClipStore.RecentAsync(_connection, _transaction, MachineId, count);

    /// <summary>The machine's alerts that are not closed (locked until the commit on PostgreSQL).</summary>
    public Task<IReadOnlyList<AlertRecord>> NotClosedAsync() => AlertStore.NotClosedAsync(_connection, _transaction, MachineId, _lockRows);

    /// <summary>Opens an alert of <paramref name="kind"/> for the machine, recording the opening as <paramref name="actor"/>; returns its id.</summary>
    public Task<string> OpenAsync(string kind, AlertSeverity severity, string? clipId, double? score, string actor = "system", string? note = null) =>
        AlertStore.OpenAsync(_connection, _transaction, MachineId, kind, severity, clipId, score, actor, note, Now);

    /// <summary>Adds a clip to an open alert and, when given, raises its severity.</summary>
    public Task AttachClipAsync(string alertId, string clipId, double? score, AlertSeverity? severity = null) =>
        AlertStore.AttachClipAsync(_connection, _transaction, alertId, clipId, score, severity, Now);

    /// <summary>Changes an alert's state (e.g. closes it after enough normal clips), recording who and when.</summary>
    public Task TransitionAsync(string alertId, AlertState to, string actor = "system", string? note = null) =>
        AlertStore.TransitionAsync(_connection, _transaction, alertId, to, actor, note, Now, null, _lockRows);

    /// <summary>The alert engine's stored state of the machine (JSON), or null before its first clip under the engine.</summary>
    public Task<string?> EngineStateAsync() => AlertStore.EngineStateAsync(_connection, _transaction, MachineId);

    /// <summary>Stores the alert engine's state of the machine (JSON) with its version.</summary>
    public Task SaveEngineStateAsync(long version, string state) => AlertStore.SaveEngineStateAsync(_connection, _transaction, MachineId, version, state, Now);

    /// <summary>
    /// Records how the rules judged the clip when it differs from the model's own decision (the machine has a threshold
    /// of its own): the clip's score row and the answer to its sender take this verdict and threshold.
    /// </summary>
    public void Judge(Verdict verdict, double? threshold) => Judgement = (verdict, threshold);

    internal (Verdict Verdict, double? Threshold)? Judgement { get; private set; }

    /// <summary>The machine's alert engine state and the version read (null when it has none yet); see <see cref="ApplyOutcomeAsync"/>.</summary>
    public Task<(MachineAlertState State, long? Version)> LoadEngineStateAsync() => AlertStore.LoadEngineStateAsync(_connection, _transaction, MachineId);

    /// <summary>
    /// Stores what an engine call decided (alert changes, labels, the machine's new state) with the clip, failing the
    /// transaction if the stored state is no longer at <paramref name="readVersion"/>.
    /// </summary>
    public Task ApplyOutcomeAsync(AlertOutcome outcome, long? readVersion) =>
        AlertStore.ApplyOutcomeAsync(_connection, _transaction, outcome, readVersion, Now);

    /// <summary>
    /// Writes an alert as the rules decided it (inserted under its own id or updated; a closed row is never changed),
    /// links its new clips and records its history entry when given.
    /// </summary>
    public Task UpsertAsync(Alert alert, IReadOnlyList<string> clipIds, AlertEvent? historyEvent) =>
        AlertStore.UpsertAsync(_connection, _transaction, alert, clipIds, historyEvent);
    /// <summary>
    /// Runs <paramref name="action"/> once the clip's transaction has committed (never when it rolls back): the place to
    /// hand notifications to the webhooks. It runs on the request's path, so it must be quick and must not throw.
    /// </summary>
    public void AfterCommit(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _afterCommit.Add(action);
    }

    internal void RunAfterCommit()
    {
        foreach (var action in _afterCommit)
        {
            action();
        }
    }
}
