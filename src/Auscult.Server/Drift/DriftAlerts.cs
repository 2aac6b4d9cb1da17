using Auscult.Server.Alerting;
using Auscult.Server.Alerts;
using Auscult.Server.Storage;

namespace Auscult.Server.Drift;

/// <summary>
/// Turns each machine's drift verdict into drift alerts through the alert engine (<see cref="AlertEngine.ObserveDrift"/>):
/// the verdict comes from <see cref="MachineDriftService"/> (the monitor's persistence rules: 3 consecutive evaluations
/// raise, 36 clear), the alert's life (open, acknowledged, confirmed or rejected, closed; one per machine and kind;
/// webhooks) from the engine, under the machine's lock like every other alert change.
/// </summary>
public sealed class DriftAlerts
{
    private readonly MachineStore _machines;
    private readonly MachineDriftService _drift;
    private readonly MachineAlertService _alerts;

    public DriftAlerts(MachineStore machines, MachineDriftService drift, MachineAlertService alerts)
    {
        _machines = machines;
        _drift = drift;
        _alerts = alerts;
    }

    /// <summary>The reason a drift alert carries: the cause, the recommendation and the evidence.</summary>
    public static string ReasonOf(MachineDriftView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        string prefix = AlertEngine.DriftReasonPrefix(view.Cause);
        if (view.Current is not { } current)
        {
            return prefix.TrimEnd();
        }

        return current.Reasons.Count == 0
            ? prefix + current.Recommendation
            : prefix + current.Recommendation + " Evidence: " + string.Join("; ", current.Reasons) + ".";
    }

    /// <summary>Applies the drift verdict of one machine; returns whether an alert changed.</summary>
    public async Task<bool> ApplyAsync(string machineId, CancellationToken cancellationToken = default)
    {
        MachineDriftView? view = await _drift.GetAsync(machineId, cancellationToken).ConfigureAwait(false);
        if (view is null || view.Note is not null)
        {
            return false; // no model, reference or clips: no verdict, and an open drift alert stays as it is
        }

        var outcome = await _alerts.RunAsync(machineId, (engine, state) => engine.ObserveDrift(state, view.Cause, ReasonOf(view)), cancellationToken)
            .ConfigureAwait(false);
        return outcome is { Changes.Count: > 0 };
    }

    /// <summary>Applies every machine's drift verdict; returns how many machines' drift alerts changed.</summary>
    public async Task<int> ApplyAllAsync(CancellationToken cancellationToken = default)
    {
        int changed = 0;
        foreach (var machine in await _machines.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            changed += await ApplyAsync(machine.Id, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return changed;
    }
}
