using Auscult.Drift;
using Auscult.Server.Machines;
using Auscult.Server.Models;
using Auscult.Server.Storage;

namespace Auscult.Server.Drift;

/// <summary>
/// A machine's drift from its stored clip observations: the active model's drift reference, the observations of the
/// last <see cref="Horizon"/> replayed through one <see cref="DriftMonitor"/> (the code <c>auscult drift</c> runs), so
/// the verdict, its persistence and its evidence are the offline analysis's.
/// </summary>
public sealed class MachineDriftService
{
    private readonly MachineStore _machines;
    private readonly ModelStore _models;
    private readonly DetectorCache _detectors;
    private readonly DriftStore _store;
    private readonly TimeProvider _time;

    public MachineDriftService(MachineStore machines, ModelStore models, DetectorCache detectors, DriftStore store, TimeProvider timeProvider)
    {
        _machines = machines;
        _models = models;
        _detectors = detectors;
        _store = store;
        _time = timeProvider;
    }

    /// <summary>The windows, limits and persistence rules (the defaults of <see cref="DriftOptions"/>).</summary>
    public static DriftOptions Options { get; } = new();

    /// <summary>
    /// How far back observations are kept and replayed: two windows, so the first reported window of the last day
    /// already has a full window and its persistence history behind it.
    /// </summary>
    public static TimeSpan Horizon { get; } = 2 * Options.Window;

    /// <summary>The drift of <paramref name="machineId"/>; null when the machine is not registered.</summary>
    public async Task<MachineDriftView?> GetAsync(string machineId, CancellationToken cancellationToken = default)
    {
        Machine? machine = await _machines.GetAsync(machineId, cancellationToken).ConfigureAwait(false);
        if (machine is null)
        {
            return null;
        }

        ModelRecord? model = await _models.ActiveForAsync(machine.Id, machine.MachineType, cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return Empty(machine.Id, null, null, "No model is active for this machine: drift is measured against a model's training reference.");
        }

        DriftReference? reference = _detectors.DriftReferenceOf(model);
        if (reference is null)
        {
            return Empty(machine.Id, model.Id, null, "The active model stores no drift reference (a bundle before format 3): retrain it with this version.");
        }

        DateTimeOffset now = _time.GetUtcNow();
        IReadOnlyList<DriftObservation> observations = await _store.ListAsync(machine.Id, model.Id, now - Horizon, cancellationToken).ConfigureAwait(false);
        if (observations.Count == 0)
        {
            return Empty(machine.Id, model.Id, reference.ScoreSource, "No clips scored by the active model within the last two days.");
        }

        var monitor = new DriftMonitor(machine.Id, reference, Options);
        foreach (DriftObservation observation in observations)
        {
            monitor.Add(observation);
        }

        DateTimeOffset since = observations[^1].RecordedAt - Options.Window;
        var windows = monitor.Windows.Where(w => w.End > since).ToList();
        return new MachineDriftView(machine.Id, model.Id, reference.ScoreSource, monitor.Cause, null, monitor.Current(), windows, [.. monitor.Alerts]);
    }

    private static MachineDriftView Empty(string machineId, string? modelId, ReferenceScoreSource? source, string note) =>
        new(machineId, modelId, source, DriftCause.None, note, null, [], []);
}
