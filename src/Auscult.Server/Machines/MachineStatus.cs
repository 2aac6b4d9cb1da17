using Auscult.Server.Storage;
using Microsoft.Extensions.Options;

namespace Auscult.Server.Machines;

/// <summary>Builds <see cref="MachineView"/>s: a machine, its newest score, active model, open alerts and state.</summary>
public sealed class MachineStatus
{
    private readonly AuscultDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly ServerOptions _options;

    public MachineStatus(AuscultDatabase database, TimeProvider timeProvider, IOptions<ServerOptions> options)
    {
        _database = database;
        _timeProvider = timeProvider;
        _options = options.Value;
    }

    /// <summary>The view of one machine.</summary>
    public async Task<MachineView> ViewAsync(Machine machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var latest = (await new ClipStore(_database).RecentAsync(machine.Id, 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        var alerts = (await new AlertStore(_database).ListAsync(null, machine.Id, 100, cancellationToken).ConfigureAwait(false))
            .Where(a => a.ClosedAt is null).ToList();
        var model = await new ModelStore(_database).ActiveForAsync(machine.Id, machine.MachineType, cancellationToken).ConfigureAwait(false);
        var state = MachineStates.Evaluate(latest, alerts, latest?.ScoredAt, _timeProvider.GetUtcNow(), _options.OfflineAfter);
        return new MachineView(machine.Id, machine.MachineType, machine.Name, machine.Site, machine.Tags, machine.Options, state, latest, model?.Id, alerts);
    }
}
