using Auscult.Server.Alerts;
using Auscult.Server.Alerting;
using Auscult.Server.Clips;

namespace Auscult.Server.Machines;

/// <summary>The rule that names a machine's state from its newest score and its alerts (no clock, no database).</summary>
public static class MachineStates
{
    /// <summary>The kind of an input alert.</summary>
    public const string InputAlertKind = "input";

    /// <summary>The kind of a drift alert.</summary>
    public const string DriftAlertKind = "drift";

    /// <summary>
    /// The state: <c>no-data</c> before the first clip; else an open alarm, then an open warning (machine alerts, not
    /// input ones) win; then <c>offline</c> when the newest clip is older than <paramref name="offlineAfter"/>; then
    /// <c>input-fault</c> when the newest clip was unfit or an input alert is open; else <c>ok</c>.
    /// </summary>
    /// <param name="latest">The newest score, or null when the machine has sent nothing.</param>
    /// <param name="notClosed">The machine's alerts that are not closed.</param>
    /// <param name="lastReceived">When the newest clip arrived.</param>
    /// <param name="now">The time now.</param>
    /// <param name="offlineAfter">How long without a clip makes a machine offline.</param>
    public static MachineState Evaluate(ScorePoint? latest, IReadOnlyList<AlertRecord> notClosed, DateTimeOffset? lastReceived, DateTimeOffset now,
        TimeSpan offlineAfter)
    {
        ArgumentNullException.ThrowIfNull(notClosed);
        if (latest is null)
        {
            return MachineState.NoData;
        }

        var machineAlerts = notClosed.Where(a => a.Kind is not (InputAlertKind or DriftAlertKind) && a.State != AlertState.Rejected).ToList();
        if (machineAlerts.Any(a => a.Severity == AlertSeverity.Alarm))
        {
            return MachineState.Alarm;
        }

        if (machineAlerts.Count > 0)
        {
            return MachineState.Warning;
        }

        if (lastReceived is { } received && now - received > offlineAfter)
        {
            return MachineState.Offline;
        }

        return latest.Verdict == Verdict.InputUnfit || notClosed.Any(a => a.Kind == InputAlertKind) ? MachineState.InputFault : MachineState.Ok;
    }
}
