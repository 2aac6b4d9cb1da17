using Auscult.Server.Alerts;

namespace Auscult.Server.Alerting;

/// <summary>Which state changes an alert may make.</summary>
public static class AlertTransitions
{
    /// <summary>
    /// Whether an alert in <paramref name="from"/> may move to <paramref name="to"/>: open to acknowledged; open or
    /// acknowledged to confirmed or rejected; anything but closed to closed.
    /// </summary>
    public static bool IsAllowed(AlertState from, AlertState to) => (from, to) switch
    {
        (AlertState.Closed, _) => false,
        (_, AlertState.Closed) => true,
        (AlertState.Open, AlertState.Acknowledged) => true,
        (AlertState.Open or AlertState.Acknowledged, AlertState.Confirmed or AlertState.Rejected) => true,
        _ => false,
    };
}
