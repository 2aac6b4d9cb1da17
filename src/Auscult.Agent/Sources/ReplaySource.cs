using System.Runtime.CompilerServices;
using Auscult.Data;

namespace Auscult.Agent.Sources;

/// <summary>
/// Plays a data set (e.g. <c>auscult synth</c> output) as if its machines were recording: each machine id becomes a
/// machine <c>&lt;type&gt;-&lt;id&gt;</c>, the machines take turns, and the clips are sent at <see cref="Rate"/> clips per
/// second while their recording times advance on an accelerated clock (one clip per machine every
/// <see cref="Every"/>, ending about now, so no clip is recorded in the future).
/// </summary>
public sealed class ReplaySource : IClipSource
{
    private readonly IReadOnlyList<(string MachineId, string MachineType, IReadOnlyList<CatalogEntry> Clips)> _machines;
    private readonly TimeProvider _time;

    /// <param name="catalog">The data set; every clip of every machine, in the catalog's order per machine.</param>
    /// <param name="count">How many clips to play (cycling through the data set when it holds fewer); null plays each clip once.</param>
    /// <param name="rate">Clips per second sent, all machines together; positive.</param>
    /// <param name="every">The recording interval each machine's clips are stamped with; default 5 min.</param>
    /// <param name="time">The clock (tests: a fake).</param>
    public ReplaySource(ClipCatalog catalog, int? count, double rate, TimeSpan? every = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (!(rate > 0) || !double.IsFinite(rate))
        {
            throw new ConfigurationException($"--rate {rate}: give a positive number of clips per second.");
        }

        if (count is <= 0)
        {
            throw new ConfigurationException($"--count {count}: give a positive number of clips.");
        }

        _machines = catalog.Entries
            .GroupBy(e => MachineNames.FromDataset(e.MachineType, e.MachineId), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.First().MachineType, (IReadOnlyList<CatalogEntry>)g.ToList()))
            .ToList();
        Root = catalog.Root;
        Count = count ?? catalog.Entries.Count;
        Rate = rate;
        Every = every ?? TimeSpan.FromMinutes(5);
        _time = time ?? TimeProvider.System;
    }

    public string Root { get; }

    /// <summary>Clips this replay yields.</summary>
    public int Count { get; }

    /// <summary>Clips per second.</summary>
    public double Rate { get; }

    /// <summary>The simulated recording interval per machine.</summary>
    public TimeSpan Every { get; }

    /// <summary>The machine ids the replay plays, ordinal order.</summary>
    public IReadOnlyList<string> MachineIds => _machines.Select(m => m.MachineId).ToList();

    /// <inheritdoc/>
    public string Description =>
        $"replay of {Root}: {_machines.Count} machine{(_machines.Count == 1 ? "" : "s")}, {Count} clips at {Rate:0.###} clips/s";

    /// <inheritdoc/>
    public async IAsyncEnumerable<CapturedClip> CaptureAsync(Action<string> report, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var start = _time.GetUtcNow();
        // The simulated clock: machines take turns, so the clock advances Every / machines per clip.
        var step = Every / _machines.Count;
        var firstRecording = start - step * (Count - 1);
        long started = _time.GetTimestamp();
        for (int i = 0; i < Count; i++)
        {
            var due = TimeSpan.FromSeconds(i / Rate);
            var wait = due - _time.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
            }

            var machine = _machines[i % _machines.Count];
            var entry = machine.Clips[i / _machines.Count % machine.Clips.Count];
            byte[] wav = await File.ReadAllBytesAsync(entry.Path, cancellationToken);
            yield return new CapturedClip(machine.MachineId, machine.MachineType, firstRecording + step * i, wav);
        }
    }

    /// <inheritdoc/>
    public void Spooled(CapturedClip clip)
    {
    }
}
