using Auscult.Drift;

namespace Auscult.Server.Alerts;

public sealed partial class AlertEngine
{
    /// <summary>
    /// Applies a machine's drift verdict (from a <see cref="DriftMonitor"/>, whose persistence rules raised or cleared
    /// it): a cause other than none opens a <see cref="AlertKinds.Drift"/> alert, a warning, when none is open, and
    /// updates the open one's reason when the figures changed; a new cause closes an open, unhandled alert and opens one
    /// of the new cause; none closes it. A drift alert never makes a
    /// machine warning or alarm (OPERATIONS.md: no machine alarm from a drift), and one alert per machine and kind holds:
    /// an acknowledged or rejected drift alert is updated, not opened again.
    /// </summary>
    /// <param name="state">The machine's stored state.</param>
    /// <param name="cause">The drift verdict.</param>
    /// <param name="reason">The verdict in words: cause, evidence and recommendation.</param>
    public AlertOutcome ObserveDrift(MachineAlertState state, DriftCause cause, string reason)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var now = _time.GetUtcNow();
        var changes = new List<AlertChange>();
        var open = state.AlertOfKind(AlertKinds.Drift);
        MachineAlertState next;
        if (cause == DriftCause.None)
        {
            if (open is null)
            {
                return new AlertOutcome(state, [], state.State);
            }

            next = Remove(state, Close(open, reason, now, changes));
        }
        else if (open is null)
        {
            var alert = NewAlert(state.MachineId, AlertKinds.Drift, AlertSeverity.Warning, reason, now, [], null);
            changes.Add(new AlertChange(AlertChangeType.Opened, alert, true, [], alert.History[^1]));
            next = state with { OpenAlerts = [.. state.OpenAlerts, alert] };
        }
        else if (!open.Reason.StartsWith(DriftReasonPrefix(cause), StringComparison.Ordinal) && !open.IsHandled)
        {
            // Another cause is news: the alert of the old cause closes and one of the new opens (both notify).
            var rest = Remove(state, Close(open, $"the drift cause changed to {WireNames.Of(cause)}", now, changes));
            var alert = NewAlert(state.MachineId, AlertKinds.Drift, AlertSeverity.Warning, reason, now, [], null);
            changes.Add(new AlertChange(AlertChangeType.Opened, alert, true, [], alert.History[^1]));
            next = rest with { OpenAlerts = [.. rest.OpenAlerts, alert] };
        }
        else if (open.Reason != reason)
        {
            // The same cause with other figures, or an alert a person already handles: updated in place, silently.
            var updated = open with { Reason = reason, UpdatedAt = now };
            changes.Add(new AlertChange(AlertChangeType.Updated, updated, false, [], null));
            next = Replace(state, updated);
        }
        else
        {
            return new AlertOutcome(state, [], state.State);
        }

        return Finish(state, next, changes, offline: state.State == MachineState.Offline);
    }

    /// <summary>How a drift alert's reason starts for <paramref name="cause"/>: <c>drift: environment. </c>.</summary>
    public static string DriftReasonPrefix(DriftCause cause) => $"drift: {WireNames.Of(cause)}. ";
}
