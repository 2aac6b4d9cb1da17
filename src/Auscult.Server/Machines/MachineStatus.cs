using Auscult.Server.Alerting;
using Auscult.Server.Alerts;
using Auscult.Server.Storage;

namespace Auscult.Server.Machines;

/// <summary>Builds <see cref="MachineView"/>s: a machine, its newest score, active model, open alerts and state.</summary>
public sealed class MachineStatus
{
    private readonly AuscultDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly MachineAlertService _alerts;

    public MachineStatus(AuscultDatabase database, TimeProvider timeProvider, MachineAlertService alerts)
    {
        _database = database;
        _timeProvider = timeProvider;
        _alerts = alerts;
    }

    /// <summary>The view of one machine.</summary>
    public async Task<MachineView> ViewAsync(Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var latest = (await new ClipStore(_database).RecentAsync(machine.Id, 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        var alerts = (await new AlertStore(_database).ListAsync(null, machine.Id, 100, cancellationToken).ConfigureAwait(false))
            .Where(a => a.ClosedAt is null).ToList();
        var model = await new ModelStore(_database).ActiveForAsync(machine.Id, machine.MachineType, cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        var policy = _alerts.Engine.Policy;
        var engine = await _alerts.FindStateAsync(machine.Id, cancellationToken).ConfigureAwait(false);
        MachineState state;
        if (engine?.LastClipAt is { } lastClip)
        {
            // The engine's state, as stored by the last clip, operator action or tick; offline as soon as it is due (the
            // background tick stores it within a minute).
            state = engine.State != MachineState.Offline && now - lastClip >= policy.OfflineAfter ? MachineState.Offline : engine.State;
        }
        else
        {
            // No clip under the engine (other rules registered in its place): from the rows.
            state = MachineStates.Evaluate(latest, alerts, latest?.ScoredAt, now, policy.OfflineAfter);
        }

        var threshold = engine?.Threshold is { } own && own.ModelId == model?.Id ? own : null;
        return new MachineView(machine.Id, machine.MachineType, machine.Name, machine.Site, machine.Tags, machine.Options, state, latest, model?.Id, alerts,
            threshold);
    }
}
