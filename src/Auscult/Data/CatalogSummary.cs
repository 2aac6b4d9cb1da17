namespace Auscult.Data;

/// <summary>What a catalog holds, counted for <c>auscult info</c>.</summary>
public sealed class CatalogSummary
{
    private CatalogSummary(ClipCatalog catalog, DatasetSplit split)
    {
        Root = catalog.Root;
        Layout = catalog.Layout;
        Total = catalog.Entries.Count;
        Ignored = catalog.Ignored;
        ByMachineType = Count(catalog.Entries, e => e.MachineType);
        ByLabel = Enum.GetValues<ClipLabel>().ToDictionary(l => l, l => catalog.Entries.Count(e => e.Label == l));
        BySplit = new Dictionary<DataSplit, int>
        {
            [DataSplit.Train] = split.Train.Count,
            [DataSplit.Test] = split.Test.Count,
            [DataSplit.Unassigned] = split.Unused.Count,
        };

        var train = split.Train.ToHashSet(ReferenceEqualityComparer.Instance);
        var test = split.Test.ToHashSet(ReferenceEqualityComparer.Instance);
        Machines = catalog.Entries
            .GroupBy(e => (e.MachineType, e.MachineId))
            .OrderBy(g => g.Key.MachineType, StringComparer.Ordinal).ThenBy(g => g.Key.MachineId, StringComparer.Ordinal)
            .Select(g => new MachineSummary(g.Key.MachineType, g.Key.MachineId,
                Train: g.Count(train.Contains),
                TestNormal: g.Count(e => test.Contains(e) && e.Label == ClipLabel.Normal),
                TestAnomaly: g.Count(e => test.Contains(e) && e.Label == ClipLabel.Anomaly),
                TestUnknown: g.Count(e => test.Contains(e) && e.Label == ClipLabel.Unknown),
                Unused: g.Count(e => !train.Contains(e) && !test.Contains(e))))
            .ToList();
    }

    public string Root { get; }

    public DatasetLayout Layout { get; }

    /// <summary>Clips in the catalog.</summary>
    public int Total { get; }

    /// <summary>WAV files that did not fit the layout.</summary>
    public int Ignored { get; }

    /// <summary>Clips per machine type (ordinal order).</summary>
    public IReadOnlyDictionary<string, int> ByMachineType { get; }

    /// <summary>Clips per label.</summary>
    public IReadOnlyDictionary<ClipLabel, int> ByLabel { get; }

    /// <summary>Clips per split as <see cref="DatasetSplitter"/> assigns them; <see cref="DataSplit.Unassigned"/> counts unused clips.</summary>
    public IReadOnlyDictionary<DataSplit, int> BySplit { get; }

    /// <summary>One row per machine type and id (ordinal order).</summary>
    public IReadOnlyList<MachineSummary> Machines { get; }

    internal static CatalogSummary Of(ClipCatalog catalog) => new(catalog, DatasetSplitter.Split(catalog));

    private static SortedDictionary<string, int> Count(IEnumerable<CatalogEntry> entries, Func<CatalogEntry, string> key)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            counts[key(entry)] = counts.GetValueOrDefault(key(entry)) + 1;
        }

        return counts;
    }
}
