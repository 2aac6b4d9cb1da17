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

    /// <summary>
    /// The state of one machine, the same as its <see cref="ViewAsync"/>'s, from its stored engine state alone (one read)
    /// when the engine has seen it; null when there is no such machine.
    /// </summary>
    public async Task<MachineState?> StateAsync(string machineId, CancellationToken cancellationToken = default)
    {
        if (await _alerts.FindStateAsync(machineId, cancellationToken).ConfigureAwait(false) is { LastClipAt: { } lastClip } engine)
        {
            return StateOf(engine, lastClip, _timeProvider.GetUtcNow());
        }

        return await new MachineStore(_database).GetAsync(machineId, cancellationToken).ConfigureAwait(false) is { } machine
            ? (await ViewAsync(machine, cancellationToken).ConfigureAwait(false)).State
            : null;
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
        var engine = await _alerts.FindStateAsync(machine.Id, cancellationToken).ConfigureAwait(false);
        MachineState state;
        if (engine?.LastClipAt is { } lastClip)
        {
            // The engine's state, as stored by the last clip, operator action or tick; offline as soon as it is due (the
            // background tick stores it within a minute).
            state = StateOf(engine, lastClip, now);
        }
        else
        {
            // No clip under the engine (other rules registered in its place): from the rows.
            state = MachineStates.Evaluate(latest, alerts, latest?.ScoredAt, now, _alerts.Engine.Policy.OfflineAfter);
        }

        var threshold = engine?.Threshold is { } own && own.ModelId == model?.Id ? own : null;
        return new MachineView(machine.Id, machine.MachineType, machine.Name, machine.Site, machine.Tags, machine.Options, state, latest, model?.Id, alerts,
            threshold);
    }

    private MachineState StateOf(MachineAlertState engine, DateTimeOffset lastClip, DateTimeOffset now) =>
        engine.State != MachineState.Offline && now - lastClip >= _alerts.Engine.Policy.OfflineAfter ? MachineState.Offline : engine.State;
}
