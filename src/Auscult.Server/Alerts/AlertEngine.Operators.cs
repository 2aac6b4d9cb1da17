using Auscult.Evaluation;

namespace Auscult.Server.Alerts;

// Operator actions and the machine's own threshold (calibration and hand-set values).
public sealed partial class AlertEngine
{
    /// <summary>An operator has seen an open alert: it stops notifying until it clears.</summary>
    /// <param name="state">The machine's state, which holds the alert while it is not closed.</param>
    /// <param name="alertId">The alert.</param>
    /// <param name="actor">Who (the API key's name or the user).</param>
    /// <param name="note">The operator's note.</param>
    /// <exception cref="AlertTransitionException">The alert is not open (closed, or already acknowledged, confirmed or rejected).</exception>
    public AlertOutcome Acknowledge(MachineAlertState state, string alertId, string actor, string? note = null)
    {
        var (alert, now) = Begin(state, alertId, actor, "acknowledged");
        if (alert.State != AlertState.Open)
        {
            throw new AlertTransitionException($"Alert {alert.Id} ({alert.Kind} on {alert.MachineId}) is already {WireNames.Of(alert.State)}{LastBy(alert)}; only an open alert can be acknowledged.");
        }

        return Decide(state, alert, AlertChangeType.Acknowledged, AlertState.Acknowledged, actor, note, now, alert.ConfirmedKind, null);
    }

    /// <summary>
    /// An operator confirms a real fault (from open or acknowledged). The clips of a machine alert become anomalous
    /// labels of the confirmed kind (see <see cref="AlertOutcome.Labels"/>), and leave the machine's calibration if it is
    /// learning. The alert stays until the machine clears, without notifying.
    /// </summary>
    /// <param name="state">The machine's state.</param>
    /// <param name="alertId">The alert.</param>
    /// <param name="actor">Who.</param>
    /// <param name="kind">The fault kind the operator names; null keeps the alert's kind. Only for machine alerts.</param>
    /// <param name="note">The operator's note.</param>
    /// <exception cref="AlertTransitionException">The alert is closed, confirmed or rejected.</exception>
    /// <exception cref="InputException">The kind is not a fault kind, or is given for an input or drift alert.</exception>
    public AlertOutcome Confirm(MachineAlertState state, string alertId, string actor, string? kind = null, string? note = null)
    {
        var (alert, now) = Begin(state, alertId, actor, "confirmed");
        RequireUndecided(alert, "confirmed");
        bool machine = AlertKinds.IsMachineKind(alert.Kind);
        if (!machine && kind is not null)
        {
            throw new InputException($"Alert {alert.Id} is an {alert.Kind} alert: a fault kind can be confirmed only for a machine alert.");
        }

        string? confirmedKind = machine ? (kind is null ? alert.Kind : AlertKinds.CheckFaultKind(kind, "confirmed kind")) : null;
        if (state.Calibration is { } calibration)
        {
            state = state with { Calibration = calibration with { Samples = [.. calibration.Samples.Where(s => s.AlertId != alert.Id)] } };
        }

        var labels = machine ? new ClipLabelInstruction(alert.Id, alert.MachineId, LabelDecision.Anomalous, confirmedKind, actor, now, note) : null;
        return Decide(state, alert, AlertChangeType.Confirmed, AlertState.Confirmed, actor, note, now, confirmedKind, labels);
    }

    /// <summary>
    /// An operator calls the alert a false alarm (from open or acknowledged). The clips of a machine alert become normal
    /// labels (see <see cref="AlertOutcome.Labels"/>). The alert stays until the machine clears, without notifying, and no
    /// longer counts in the machine's state.
    /// </summary>
    /// <exception cref="AlertTransitionException">The alert is closed, confirmed or rejected.</exception>
    public AlertOutcome Reject(MachineAlertState state, string alertId, string actor, string? note = null)
    {
        var (alert, now) = Begin(state, alertId, actor, "rejected");
        RequireUndecided(alert, "rejected");
        var labels = AlertKinds.IsMachineKind(alert.Kind)
            ? new ClipLabelInstruction(alert.Id, alert.MachineId, LabelDecision.Normal, null, actor, now, note)
            : null;
        return Decide(state, alert, AlertChangeType.Rejected, AlertState.Rejected, actor, note, now, alert.ConfirmedKind, labels);
    }

    /// <summary>
    /// An operator closes an alert by hand (from any state but closed), e.g. after a repair. The recent window of its
    /// kind starts afresh (a machine alert's scored clips, an input alert's inputs), so a new alert needs new evidence.
    /// </summary>
    /// <exception cref="AlertTransitionException">The alert is not open on the machine (it has closed).</exception>
    public AlertOutcome Close(MachineAlertState state, string alertId, string actor, string? note = null)
    {
        var (alert, now) = Begin(state, alertId, actor, "closed");
        var recorded = AlertEvent.Create(alert.Id, AlertChangeType.Closed, now, actor, alert.State, AlertState.Closed, note);
        var closed = alert with
        {
            State = AlertState.Closed,
            UpdatedAt = now,
            ClosedAt = now,
            Note = note ?? alert.Note,
            History = [.. alert.History, recorded],
        };
        var next = Remove(state, closed);
        if (AlertKinds.IsMachineKind(alert.Kind))
        {
            next = next with { Recent = [], ConsecutiveNormals = 0 };
        }
        else if (alert.Kind == AlertKinds.Input)
        {
            next = next with { RecentInputs = [], ConsecutiveFit = 0 };
        }

        return Finish(state, next, [new AlertChange(AlertChangeType.Closed, closed, true, [], recorded)], offline: state.State == MachineState.Offline);
    }

    /// <summary>
    /// Sets the machine's own threshold for a model by hand (it ends learning for that model), or with null removes
    /// it: the model's threshold applies again, and a machine with calibration on starts learning anew on its next clip.
    /// Either way the recent-clip window starts afresh (its verdicts were judged by the old threshold).
    /// </summary>
    /// <param name="state">The machine's state.</param>
    /// <param name="modelId">The model the threshold is for (thresholds are on a model's score scale).</param>
    /// <param name="threshold">The threshold, or null.</param>
    /// <param name="actor">Who.</param>
    /// <param name="note">Why, in words.</param>
    /// <exception cref="InputException">The threshold is not finite.</exception>
    public AlertOutcome SetThreshold(MachineAlertState state, string modelId, double? threshold, string actor, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var now = _time.GetUtcNow();
        MachineAlertState next;
        if (threshold is double value)
        {
            if (!double.IsFinite(value))
            {
                throw new InputException($"Machine {state.MachineId}: the threshold must be a finite number; got {value}.");
            }

            next = state with
            {
                Threshold = new MachineThreshold(modelId, value, ThresholdSource.Manual, now, actor, note),
                Calibration = state.Calibration?.ModelId == modelId ? null : state.Calibration,
            };
        }
        else
        {
            next = state.Threshold?.ModelId == modelId ? state with { Threshold = null } : state;
        }

        if (next.Threshold != state.Threshold)
        {
            // The window's verdicts were judged by the old threshold: start afresh.
            next = next with { Recent = [], ConsecutiveNormals = 0 };
        }

        return Finish(state, next, [], offline: state.State == MachineState.Offline);
    }

    /// <summary>
    /// The machine's own calibration setting: true or false overrides <see cref="AlertPolicy.CalibrationEnabled"/>, null
    /// follows it. Turning calibration off ends learning (the model's threshold applies); turning it on starts learning
    /// on the next clip of a model the machine has no own threshold for.
    /// </summary>
    public AlertOutcome SetCalibration(MachineAlertState state, bool? enabled)
    {
        ArgumentNullException.ThrowIfNull(state);
        var next = state with { CalibrationEnabled = enabled };
        if (!(enabled ?? _policy.CalibrationEnabled))
        {
            next = next with { Calibration = null };
        }

        return Finish(state, next, [], offline: state.State == MachineState.Offline);
    }

    /// <summary>
    /// Drift monitoring's entry: opens a <see cref="AlertKinds.Drift"/> alert (severity warning, never a machine alarm)
    /// with <paramref name="reason"/>, or updates the open one's reason without notifying.
    /// </summary>
    /// <param name="state">The machine's state.</param>
    /// <param name="reason">What drifted and by how much, in words with the figures.</param>
    public AlertOutcome RaiseDrift(MachineAlertState state, string reason)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var now = _time.GetUtcNow();
        AlertChange change;
        MachineAlertState next;
        if (state.AlertOfKind(AlertKinds.Drift) is { } open)
        {
            var updated = open with { Reason = reason, UpdatedAt = now };
            change = new AlertChange(AlertChangeType.Updated, updated, false, [], null);
            next = Replace(state, updated);
        }
        else
        {
            var alert = NewAlert(state.MachineId, AlertKinds.Drift, AlertSeverity.Warning, reason, now, [], null);
            change = new AlertChange(AlertChangeType.Opened, alert, true, [], alert.History[^1]);
            next = state with { OpenAlerts = [.. state.OpenAlerts, alert] };
        }

        return Finish(state, next, [change], offline: state.State == MachineState.Offline);
    }

    /// <summary>Drift monitoring's other entry: closes the open drift alert, if any, with <paramref name="reason"/>.</summary>
    public AlertOutcome ClearDrift(MachineAlertState state, string reason)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (state.AlertOfKind(AlertKinds.Drift) is not { } open)
        {
            return new AlertOutcome(state, [], state.State);
        }

        var changes = new List<AlertChange>();
        var closed = Close(open, reason, _time.GetUtcNow(), changes);
        return Finish(state, Remove(state, closed), changes, offline: state.State == MachineState.Offline);
    }

    private (Alert Alert, DateTimeOffset Now) Begin(MachineAlertState state, string alertId, string actor, string verb)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(alertId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var alert = state.FindAlert(alertId)
            ?? throw new AlertTransitionException($"Alert {alertId} is not open on machine {state.MachineId}: it has closed, and a closed alert cannot be {verb}.");
        return (alert, _time.GetUtcNow());
    }

    private static void RequireUndecided(Alert alert, string verb)
    {
        if (alert.State is not (AlertState.Open or AlertState.Acknowledged))
        {
            throw new AlertTransitionException($"Alert {alert.Id} ({alert.Kind} on {alert.MachineId}) is already {WireNames.Of(alert.State)}{LastBy(alert)}; only an open or acknowledged alert can be {verb}.");
        }
    }

    private static string LastBy(Alert alert) =>
        alert.History.LastOrDefault(e => e.To == alert.State) is { } e ? $" (by {e.Actor} at {e.At:u})" : "";

    private static AlertOutcome Decide(MachineAlertState state, Alert alert, AlertChangeType type, AlertState to, string actor, string? note,
        DateTimeOffset now, string? confirmedKind, ClipLabelInstruction? labels)
    {
        var recorded = AlertEvent.Create(alert.Id, type, now, actor, alert.State, to, note);
        var decided = alert with
        {
            State = to,
            UpdatedAt = now,
            ConfirmedKind = confirmedKind,
            Note = note ?? alert.Note,
            History = [.. alert.History, recorded],
        };
        return Finish(state, Replace(state, decided), [new AlertChange(type, decided, true, [], recorded)],
            offline: state.State == MachineState.Offline, labels: labels);
    }

    // Calibration: starts on the first clip of a model the machine has no own threshold for (when enabled), collects
    // scores for the period, then fits the gamma the bundles use.
    private MachineAlertState PrepareCalibration(MachineAlertState state, string modelId, DateTimeOffset now)
    {
        bool enabled = state.CalibrationEnabled ?? _policy.CalibrationEnabled;
        if (!enabled || state.Threshold?.ModelId == modelId)
        {
            return state.Calibration is null ? state : state with { Calibration = null };
        }

        return state.Calibration?.ModelId == modelId ? state : state with { Calibration = new ThresholdCalibration(modelId, now, []) };
    }

    private MachineAlertState Collect(MachineAlertState state, string clipId, double score, DateTimeOffset now, double modelThreshold)
    {
        var calibration = state.Calibration!;
        if (calibration.Samples.Count < _policy.CalibrationMaximumClips)
        {
            calibration = calibration with { Samples = [.. calibration.Samples, new CalibrationSample(clipId, score)] };
        }

        if (now - calibration.StartedAt < _policy.CalibrationPeriod || calibration.Samples.Count < _policy.CalibrationMinimumClips)
        {
            return state with { Calibration = calibration };
        }

        // The window's verdicts were judged by the threshold being replaced: start afresh.
        return state with { Calibration = null, Threshold = Fit(calibration, now, modelThreshold), Recent = [], ConsecutiveNormals = 0 };
    }

    private MachineThreshold Fit(ThresholdCalibration calibration, DateTimeOffset now, double modelThreshold)
    {
        double[] scores = [.. calibration.Samples.Select(s => s.Score)];
        string clips = $"{scores.Length} clips from {calibration.StartedAt:u} to {now:u}";
        string failure;
        try
        {
            var choice = ThresholdSelector.Gamma(scores, _policy.CalibrationQuantile);
            if (double.IsFinite(choice.Threshold))
            {
                return new MachineThreshold(calibration.ModelId, choice.Threshold, ThresholdSource.Calibrated, now, SystemActor,
                    $"the {F(_policy.CalibrationQuantile)} quantile of a gamma fitted to {clips} (the model's threshold is {F(modelThreshold)})");
            }

            failure = "the fit gave no finite threshold";
        }
        catch (InputException e)
        {
            failure = e.Message;
        }

        return new MachineThreshold(calibration.ModelId, modelThreshold, ThresholdSource.Model, now, SystemActor,
            $"calibration on {clips} failed ({failure}); the model's threshold stays");
    }
}
