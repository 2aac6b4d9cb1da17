using System.Globalization;

namespace Auscult.Server.Alerts;

/// <summary>
/// The alert rules of <see cref="AlertPolicy"/> as pure functions of a machine's <see cref="MachineAlertState"/>:
/// each call takes the stored state and returns an <see cref="AlertOutcome"/> (the next state and the alert changes),
/// without storage, HTTP or wall clock (time comes from the injected <see cref="TimeProvider"/>). Thread-safe: it holds
/// only the policy and the clock.
/// </summary>
/// <remarks>
/// <para>
/// The service calls <see cref="Observe"/> for every clip inside the clip's transaction, stores the outcome's state,
/// alert changes and <see cref="AlertOutcome.Clip"/> (the verdict and threshold the clip was judged by, which may be
/// the machine's own), commits, then hands <see cref="AlertOutcome.Notifications"/> to the webhooks. A periodic
/// <see cref="Tick"/> marks silent machines offline. Operator actions (<see cref="Acknowledge"/>, <see cref="Confirm"/>,
/// <see cref="Reject"/>) and threshold settings (<see cref="SetThreshold"/>, <see cref="SetCalibration"/>) are calls of
/// the same shape.
/// </para>
/// <para>
/// Machine alerts: at most one open at a time whatever the fault kind (a failing machine pages once even when a
/// classifier's kind wavers from clip to clip); its kind is the most frequent kind among the clips that opened it
/// (the latest on a tie) and the anomalous clips that follow join it whatever their kind. While a machine learns its
/// threshold no machine alert opens: its clips are assumed normal, and the model's threshold they would be judged by is
/// the one being replaced (a machine louder than its type would alarm all day); an alert open from before keeps
/// updating and clearing, and input alerts work as ever. After an alert clears, and when the machine's threshold
/// changes (calibrated or set by hand), the window starts afresh, so a new alert needs new evidence judged by the
/// threshold in force.
/// </para>
/// </remarks>
public sealed partial class AlertEngine
{
    /// <summary>The actor recorded for changes the rules make.</summary>
    public const string SystemActor = "auscult";

    private readonly AlertPolicy _policy;
    private readonly TimeProvider _time;

    /// <summary>An engine with <paramref name="policy"/> (validated here) and a clock.</summary>
    /// <exception cref="ConfigurationException">The policy is out of range.</exception>
    public AlertEngine(AlertPolicy policy, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _policy = policy.Validate();
        _time = timeProvider;
    }

    /// <summary>The rules in force.</summary>
    public AlertPolicy Policy => _policy;

    /// <summary>Applies one clip's result to a machine's state.</summary>
    /// <param name="state">The machine's stored state (<see cref="MachineAlertState.Create"/> for a new machine).</param>
    /// <param name="clip">The clip's result.</param>
    /// <exception cref="InputException">A scored clip lacks its score, threshold or model.</exception>
    public AlertOutcome Observe(MachineAlertState state, ClipObservation clip)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(clip);
        clip.Check();
        var now = _time.GetUtcNow();
        var changes = new List<AlertChange>();
        var next = state with { LastClipAt = now };
        ClipAssessment assessment;
        switch (clip.Verdict)
        {
            case Verdict.NoModel:
                assessment = new ClipAssessment(Verdict.NoModel, null, null, null);
                break;
            case Verdict.InputUnfit:
                (next, string? inputAlertId) = ObserveUnfit(next, clip, now, changes);
                assessment = new ClipAssessment(Verdict.InputUnfit, null, null, inputAlertId);
                break;
            default:
                (next, assessment) = ObserveScored(next, clip, now, changes);
                break;
        }

        return Finish(state, next, changes, offline: false, assessment);
    }

    /// <summary>
    /// The clock's part: a machine that has sent a clip and none for <see cref="AlertPolicy.OfflineAfter"/> becomes
    /// <see cref="MachineState.Offline"/> (its next clip brings it back). Call it periodically for every machine
    /// (once a minute is plenty); it changes nothing when nothing is due.
    /// </summary>
    public AlertOutcome Tick(MachineAlertState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var now = _time.GetUtcNow();
        if (state.State == MachineState.Offline || state.LastClipAt is not DateTimeOffset last || now - last < _policy.OfflineAfter)
        {
            return new AlertOutcome(state, [], state.State);
        }

        return Finish(state, state, [], offline: true);
    }

    private (MachineAlertState State, string? AlertId) ObserveUnfit(MachineAlertState state, ClipObservation clip, DateTimeOffset now, List<AlertChange> changes)
    {
        var inputs = Append(state.RecentInputs, new InputEntry(clip.ClipId, true, clip.UnfitReason), _policy.InputFaultWindow);
        state = state with { RecentInputs = inputs, ConsecutiveFit = 0 };
        int unfit = inputs.Count(e => e.Unfit);
        bool ruleHolds = unfit >= _policy.InputFaultCount;
        string reason = InputReason(inputs, unfit);
        if (state.AlertOfKind(AlertKinds.Input) is { } open)
        {
            var joined = Join(open, clip.ClipId, null, ruleHolds ? reason : open.Reason, now);
            changes.Add(new AlertChange(AlertChangeType.Updated, joined, false, [clip.ClipId], null));
            return (Replace(state, joined), joined.Id);
        }

        if (!ruleHolds)
        {
            return (state, null);
        }

        string[] clipIds = [.. inputs.Where(e => e.Unfit).Select(e => e.ClipId)];
        var alert = NewAlert(state.MachineId, AlertKinds.Input, AlertSeverity.Warning, reason, now, clipIds, null);
        changes.Add(new AlertChange(AlertChangeType.Opened, alert, true, clipIds, alert.History[^1]));
        return (state with { OpenAlerts = [.. state.OpenAlerts, alert] }, alert.Id);
    }

    private (MachineAlertState State, ClipAssessment Assessment) ObserveScored(
        MachineAlertState state, ClipObservation clip, DateTimeOffset now, List<AlertChange> changes)
    {
        string modelId = clip.ModelId!;
        double score = clip.Score!.Value, modelThreshold = clip.ModelThreshold!.Value;
        state = PrepareCalibration(state with { LastScoredAt = now, ModelId = modelId }, modelId, now);
        if (state.Calibration is not null)
        {
            state = Collect(state, clip.ClipId, score, now, modelThreshold);
        }

        bool learning = state.Calibration is not null;
        var own = state.Threshold is { } t && t.ModelId == modelId ? t : null;
        double threshold = own?.Value ?? modelThreshold;
        bool anomalous = score > threshold;
        string? kind = !anomalous ? null : clip.Kind is { Length: > 0 } named && AlertKinds.IsMachineKind(named) ? named : AlertKinds.Anomaly;
        var entry = new VerdictEntry(clip.ClipId, score, threshold, anomalous, kind);
        state = state with
        {
            Recent = Append(state.Recent, entry, Math.Max(_policy.WarningWindow, _policy.AlarmWindow)),
            ConsecutiveNormals = anomalous ? 0 : state.ConsecutiveNormals + 1,
        };

        state = ObserveFit(state, clip.ClipId, now, changes);
        int before = changes.Count;
        (state, string? alertId) = ApplyMachineRules(state, entry, own?.Source, learning, now, changes);
        if (state.Calibration is { } calibration && changes.Count > before)
        {
            // Clips that joined an alert while learning are tagged, so that confirming the alert drops them.
            var joined = changes.Skip(before).Where(c => c.Type != AlertChangeType.Cleared).SelectMany(c => c.ClipIds.Select(id => (Clip: id, Alert: c.Alert.Id)))
                .ToDictionary(x => x.Clip, x => x.Alert);
            state = state with
            {
                Calibration = calibration with
                {
                    Samples = [.. calibration.Samples.Select(s => joined.TryGetValue(s.ClipId, out string? id) ? s with { AlertId = id } : s)],
                },
            };
        }

        var verdict = anomalous ? Verdict.Anomalous : Verdict.Normal;
        return (state, new ClipAssessment(verdict, threshold, own?.Source, alertId));
    }

    private MachineAlertState ObserveFit(MachineAlertState state, string clipId, DateTimeOffset now, List<AlertChange> changes)
    {
        int fit = state.ConsecutiveFit + 1;
        state = state with { RecentInputs = Append(state.RecentInputs, new InputEntry(clipId, false, null), _policy.InputFaultWindow), ConsecutiveFit = fit };
        if (state.AlertOfKind(AlertKinds.Input) is not { } open || fit < _policy.ClearAfter)
        {
            return state;
        }

        var closed = Close(open, $"{fit} consecutive clips fit for scoring", now, changes);
        return Remove(state, closed) with { RecentInputs = [] };
    }

    private (MachineAlertState State, string? AlertId) ApplyMachineRules(
        MachineAlertState state, VerdictEntry entry, ThresholdSource? source, bool learning, DateTimeOffset now, List<AlertChange> changes)
    {
        var recent = state.Recent;
        double? alarmScore = _policy.AlarmScoreFactor is double factor && entry.Threshold > 0 ? factor * entry.Threshold : null;
        bool high = !learning && entry.Anomalous && alarmScore is double limit && entry.Score > limit;
        var warningWindow = Last(recent, _policy.WarningWindow);
        var alarmWindow = Last(recent, _policy.AlarmWindow);
        int warningCount = warningWindow.Count(e => e.Anomalous), alarmCount = alarmWindow.Count(e => e.Anomalous);

        // The rule that holds now, most severe first, and the clips it rests on.
        IReadOnlyList<VerdictEntry>? evidence = null;
        string? reason = null;
        var severity = AlertSeverity.Alarm;
        if (high)
        {
            evidence = [entry];
            reason = $"score {F(entry.Score)} of one clip passed the alarm threshold {F(alarmScore!.Value)} " +
                $"({F(_policy.AlarmScoreFactor!.Value)} × threshold {F(entry.Threshold)}{ThresholdNote(source)})";
        }
        else if (!learning && alarmCount >= _policy.AlarmCount)
        {
            evidence = alarmWindow;
            reason = CountReason(alarmWindow, alarmCount, entry.Threshold, source);
        }
        else if (!learning && warningCount >= _policy.WarningCount)
        {
            evidence = warningWindow;
            reason = CountReason(warningWindow, warningCount, entry.Threshold, source);
            severity = AlertSeverity.Warning;
        }

        var open = state.MachineAlert;
        if (open is null)
        {
            if (evidence is null)
            {
                return (state, null);
            }

            var anomalies = evidence.Where(e => e.Anomalous).ToList();
            string[] clipIds = [.. anomalies.Select(e => e.ClipId)];
            var alert = NewAlert(state.MachineId, MostFrequentKind(anomalies), severity, reason!, now, clipIds, anomalies.Max(e => e.Score));
            changes.Add(new AlertChange(AlertChangeType.Opened, alert, true, clipIds, alert.History[^1]));
            return (state with { OpenAlerts = [.. state.OpenAlerts, alert] }, alert.Id);
        }

        if (entry.Anomalous)
        {
            var joined = Join(open, entry.ClipId, entry.Score, reason ?? open.Reason, now);
            if (evidence is not null && severity == AlertSeverity.Alarm && open.Severity == AlertSeverity.Warning)
            {
                var escalation = AlertEvent.Create(open.Id, AlertChangeType.Escalated, now, SystemActor, open.State, open.State, reason);
                joined = joined with { Severity = AlertSeverity.Alarm, History = [.. joined.History, escalation] };
                changes.Add(new AlertChange(AlertChangeType.Escalated, joined, !joined.IsHandled, [entry.ClipId], escalation));
            }
            else
            {
                changes.Add(new AlertChange(AlertChangeType.Updated, joined, false, [entry.ClipId], null));
            }

            return (Replace(state, joined), joined.Id);
        }

        if (state.ConsecutiveNormals < _policy.ClearAfter)
        {
            return (state, null);
        }

        var closed = Close(open, $"{state.ConsecutiveNormals} consecutive normal clips (threshold {F(entry.Threshold)}{ThresholdNote(source)})", now, changes);
        return (Remove(state, closed) with { Recent = [] }, null);
    }

    private static AlertOutcome Finish(MachineAlertState previous, MachineAlertState next, List<AlertChange> changes, bool offline,
        ClipAssessment? clip = null, ClipLabelInstruction? labels = null)
    {
        next = next with { State = Derive(next, offline), Version = previous.Version + 1 };
        return new AlertOutcome(next, changes, previous.State, clip, labels);
    }

    private static MachineState Derive(MachineAlertState state, bool offline)
    {
        if (offline)
        {
            return MachineState.Offline;
        }

        var live = state.OpenAlerts.Where(a => a.State != AlertState.Rejected).ToList();
        var machine = live.Where(a => AlertKinds.IsMachineKind(a.Kind)).ToList();
        if (machine.Any(a => a.Severity == AlertSeverity.Alarm))
        {
            return MachineState.Alarm;
        }

        if (machine.Count > 0)
        {
            return MachineState.Warning;
        }

        // An input alert is open, or the latest clip was unfit: no alert from one clip, but the state says it at once.
        if (live.Any(a => a.Kind == AlertKinds.Input) || state.RecentInputs is [.., { Unfit: true }])
        {
            return MachineState.InputFault;
        }

        if (state.Calibration is not null)
        {
            return MachineState.Learning;
        }

        return state.LastScoredAt is null ? MachineState.NoData : MachineState.Ok;
    }

    private static Alert NewAlert(string machineId, string kind, AlertSeverity severity, string reason, DateTimeOffset now,
        IReadOnlyList<string> clipIds, double? peak)
    {
        string id = Guid.CreateVersion7(now).ToString();
        var opened = AlertEvent.Create(id, AlertChangeType.Opened, now, SystemActor, null, AlertState.Open, reason);
        return new Alert(id, machineId, kind, severity, AlertState.Open, reason, now, now, null,
            clipIds.Count > 0 ? clipIds[0] : null, clipIds.Count > 0 ? clipIds[^1] : null, clipIds.Count, peak, null, null, [opened]);
    }

    private static Alert Join(Alert alert, string clipId, double? score, string reason, DateTimeOffset now) => alert with
    {
        Reason = reason,
        UpdatedAt = now,
        FirstClipId = alert.FirstClipId ?? clipId,
        LastClipId = clipId,
        ClipCount = alert.ClipCount + 1,
        PeakScore = score is double s && !(alert.PeakScore >= s) ? s : alert.PeakScore,
    };

    private static Alert Close(Alert alert, string reason, DateTimeOffset now, List<AlertChange> changes)
    {
        var cleared = AlertEvent.Create(alert.Id, AlertChangeType.Cleared, now, SystemActor, alert.State, AlertState.Closed, reason);
        var closed = alert with { State = AlertState.Closed, UpdatedAt = now, ClosedAt = now, History = [.. alert.History, cleared] };
        changes.Add(new AlertChange(AlertChangeType.Cleared, closed, true, [], cleared));
        return closed;
    }

    private static MachineAlertState Replace(MachineAlertState state, Alert alert) =>
        state with { OpenAlerts = [.. state.OpenAlerts.Select(a => a.Id == alert.Id ? alert : a)] };

    private static MachineAlertState Remove(MachineAlertState state, Alert alert) =>
        state with { OpenAlerts = [.. state.OpenAlerts.Where(a => a.Id != alert.Id)] };

    // The most frequent kind; on a tie, the one seen last.
    private static string MostFrequentKind(IReadOnlyList<VerdictEntry> anomalies)
    {
        var tally = new Dictionary<string, (int Count, int Last)>();
        for (int i = 0; i < anomalies.Count; i++)
        {
            string kind = anomalies[i].Kind ?? AlertKinds.Anomaly;
            tally[kind] = (tally.GetValueOrDefault(kind).Count + 1, i);
        }

        return tally.MaxBy(kv => (kv.Value.Count, kv.Value.Last)).Key;
    }

    private static IReadOnlyList<T> Append<T>(IReadOnlyList<T> list, T item, int capacity) =>
        [.. list.Skip(Math.Max(0, list.Count + 1 - capacity)), item];

    private static IReadOnlyList<T> Last<T>(IReadOnlyList<T> list, int count) => [.. list.Skip(Math.Max(0, list.Count - count))];

    private static string CountReason(IReadOnlyList<VerdictEntry> window, int count, double threshold, ThresholdSource? source) =>
        $"{count} of the last {window.Count} clips anomalous (scores {string.Join(", ", window.Where(e => e.Anomalous).Select(e => F(e.Score)))} " +
        $"> threshold {F(threshold)}{ThresholdNote(source)})";

    private static string InputReason(IReadOnlyList<InputEntry> inputs, int unfit)
    {
        var reasons = inputs.Where(e => e.Unfit && !string.IsNullOrWhiteSpace(e.Reason)).Select(e => e.Reason!).Distinct().ToList();
        return $"{unfit} of the last {inputs.Count} clips unfit for scoring ({(reasons.Count > 0 ? string.Join("; ", reasons) : "no reason given")})";
    }

    private static string ThresholdNote(ThresholdSource? source) => source switch
    {
        ThresholdSource.Calibrated => ", calibrated for this machine",
        ThresholdSource.Manual => ", set by hand for this machine",
        _ => "",
    };

    internal static string F(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
