using Auscult.Server.Alerts;
using Auscult.Server.Alerts.Webhooks;
using Auscult.Server.Storage;

namespace Auscult.Server.Alerting;

/// <summary>
/// Changes a machine's alert state through the <see cref="AlertEngine"/> outside the clip path: operator actions on
/// alerts (acknowledge, confirm, reject, close) and, for the other services, any engine call on one machine. Each call
/// runs in one transaction with the machine's row locked (the lock the clip path takes), reads the stored engine state,
/// applies the engine's decision to the alert rows, labels and state, commits, and then hands the notifications to
/// the webhooks. So a clip and an operator action on one machine never lose each other's update, on any number of
/// instances.
/// </summary>
public sealed class MachineAlertService
{
    private readonly AuscultDatabase _database;
    private readonly AlertEngine _engine;
    private readonly TimeProvider _time;
    private readonly WebhookNotifier? _notifier;

    public MachineAlertService(AuscultDatabase database, AlertEngine engine, TimeProvider timeProvider, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _database = database;
        _engine = engine;
        _time = timeProvider;
        _notifier = services.GetService<WebhookNotifier>();
    }

    /// <summary>The engine the service decides with.</summary>
    public AlertEngine Engine => _engine;

    /// <summary>
    /// An operator's decision on an alert: <paramref name="to"/> is <see cref="AlertState.Acknowledged"/>,
    /// <see cref="AlertState.Confirmed"/> (with an optional fault <paramref name="kind"/>), <see cref="AlertState.Rejected"/>
    /// or <see cref="AlertState.Closed"/>. Confirming labels the alert's clips anomalous of its kind, rejecting labels them
    /// normal, in the same transaction. An alert the engine does not hold (raised by other rules registered in its place)
    /// changes its row alone, by the same transitions.
    /// </summary>
    /// <returns>The alert after the change.</returns>
    /// <exception cref="ProblemException">404 for an unknown alert; 409 for a change its state does not allow; 400 for a kind that is not a fault kind.</exception>
    public async Task<AlertRecord> DecideAsync(string alertId, AlertState to, string actor, string? kind, string? note, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alertId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (to is not (AlertState.Acknowledged or AlertState.Confirmed or AlertState.Rejected or AlertState.Closed))
        {
            throw ProblemException.Conflict($"An alert cannot be moved to {WireNames.Of(to)} by hand.");
        }

        var (record, outcome) = await _database.InTransactionAsync(async (c, t) =>
        {
            var alert = await AlertStore.GetAsync(c, t, alertId, lockRow: null).ConfigureAwait(false)
                ?? throw ProblemException.NotFound($"There is no alert '{alertId}'.");
            await AlertStore.LockMachineAsync(c, t, alert.MachineId, _database.Dialect).ConfigureAwait(false);
            var (state, version) = await AlertStore.LoadEngineStateAsync(c, t, alert.MachineId).ConfigureAwait(false);
            AlertOutcome? outcome = null;
            if (state.FindAlert(alertId) is null)
            {
                // Raised by other rules registered in the engine's place (through AlertSession): its row alone, as they keep it.
                await AlertStore.TransitionAndLabelAsync(c, t, alertId, to, actor, note, _time.GetUtcNow(), kind, _database.Dialect.ForUpdate)
                    .ConfigureAwait(false);
            }
            else
            {
                outcome = Decide(state, alertId, to, actor, kind, note);
                await AlertStore.ApplyOutcomeAsync(c, t, outcome, version, _time.GetUtcNow()).ConfigureAwait(false);
            }

            return ((await AlertStore.GetAsync(c, t, alertId, lockRow: null).ConfigureAwait(false))!, outcome);
        }, cancellationToken).ConfigureAwait(false);

        Publish(outcome);
        return record;
    }

    /// <summary>
    /// Runs one engine call on a machine's stored state in one transaction with the machine's row locked, stores what
    /// it decided (nothing when the state did not change) and publishes the notifications after the commit.
    /// </summary>
    /// <returns>The outcome; null when the machine is not registered.</returns>
    public async Task<AlertOutcome?> RunAsync(string machineId, Func<AlertEngine, MachineAlertState, AlertOutcome> decide, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(machineId);
        ArgumentNullException.ThrowIfNull(decide);
        var outcome = await _database.InTransactionAsync<AlertOutcome?>(async (c, t) =>
        {
            if (!await AlertStore.LockMachineAsync(c, t, machineId, _database.Dialect).ConfigureAwait(false))
            {
                return null;
            }

            var (state, version) = await AlertStore.LoadEngineStateAsync(c, t, machineId).ConfigureAwait(false);
            var outcome = decide(_engine, state);
            if (outcome.State.Version != state.Version)
            {
                await AlertStore.ApplyOutcomeAsync(c, t, outcome, version, _time.GetUtcNow()).ConfigureAwait(false);
            }

            return outcome;
        }, cancellationToken).ConfigureAwait(false);

        Publish(outcome);
        return outcome;
    }

    /// <summary>The machine's stored engine state, or a new one when it has none (a read; no lock).</summary>
    public async Task<MachineAlertState> StateAsync(string machineId, CancellationToken cancellationToken = default) =>
        await FindStateAsync(machineId, cancellationToken).ConfigureAwait(false) ?? MachineAlertState.Create(machineId);

    /// <summary>The machine's stored engine state, or null when the engine has not seen it (a read; no lock).</summary>
    public Task<MachineAlertState?> FindStateAsync(string machineId, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(async c =>
        {
            string? stored = await AlertStore.EngineStateAsync(c, null, machineId).ConfigureAwait(false);
            return stored is null ? null : AlertJson.DeserializeState(stored);
        }, cancellationToken);

    /// <summary>
    /// Brings the machine's engine state in line with its options: its own calibration setting
    /// (<see cref="Machines.MachineOptions.Calibrate"/>) and, when <paramref name="threshold"/> is set, its own threshold for
    /// <paramref name="modelId"/> (null <paramref name="threshold"/> with <paramref name="removeThreshold"/> removes it:
    /// the model's threshold applies again). Nothing is written when nothing changes.
    /// </summary>
    /// <exception cref="ProblemException">400 for a threshold that is not a finite number.</exception>
    public Task<AlertOutcome?> ApplyOptionsAsync(string machineId, bool? calibrate, string? modelId, double? threshold, bool removeThreshold, string actor,
        string? note, CancellationToken cancellationToken = default) =>
        RunAsync(machineId, (engine, state) =>
        {
            var outcome = new AlertOutcome(state, [], state.State);
            if (state.CalibrationEnabled != calibrate)
            {
                outcome = engine.SetCalibration(outcome.State, calibrate);
            }

            var own = outcome.State.Threshold is { } t && t.ModelId == modelId ? t : null;
            if (modelId is not null && ((threshold is double value && (own is null || own.Value != value || own.Source != ThresholdSource.Manual))
                || (threshold is null && removeThreshold && own is not null)))
            {
                try
                {
                    outcome = engine.SetThreshold(outcome.State, modelId, threshold, actor, note);
                }
                catch (InputException e)
                {
                    throw ProblemException.BadRequest(e.Message);
                }
            }

            return outcome;
        }, cancellationToken);

    /// <summary>
    /// The offline tick: every machine whose last clip is older than the policy's offline period and that is not yet
    /// stored as offline becomes offline (through <see cref="AlertEngine.Tick"/>, under its lock). Returns how many did.
    /// </summary>
    public async Task<int> TickAsync(int limit = 10_000, CancellationToken cancellationToken = default)
    {
        var cutoff = _time.GetUtcNow() - _engine.Policy.OfflineAfter;
        int changed = 0;
        foreach (string machineId in await new AlertStore(_database).DueOfflineAsync(cutoff, limit, cancellationToken).ConfigureAwait(false))
        {
            var outcome = await RunAsync(machineId, (engine, state) => engine.Tick(state), cancellationToken).ConfigureAwait(false);
            changed += outcome is { MachineStateChanged: true } ? 1 : 0;
        }

        return changed;
    }

    private AlertOutcome Decide(MachineAlertState state, string alertId, AlertState to, string actor, string? kind, string? note)
    {
        try
        {
            return to switch
            {
                AlertState.Acknowledged => _engine.Acknowledge(state, alertId, actor, note),
                AlertState.Confirmed => _engine.Confirm(state, alertId, actor, kind, note),
                AlertState.Rejected => _engine.Reject(state, alertId, actor, note),
                _ => _engine.Close(state, alertId, actor, note),
            };
        }
        catch (AlertTransitionException e)
        {
            throw ProblemException.Conflict(e.Message);
        }
        catch (InputException e)
        {
            throw ProblemException.BadRequest(e.Message);
        }
    }

    private void Publish(AlertOutcome? outcome)
    {
        if (outcome is not null && _notifier is { } notifier && outcome.Changes.Count > 0)
        {
            notifier.Publish(outcome);
        }
    }
}
