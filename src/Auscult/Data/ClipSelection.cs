namespace Auscult.Data;

/// <summary>
/// Picks the clips that train or evaluate a detector from a data folder, through the one split rule
/// (<see cref="DatasetSplitter"/>) that <c>train</c> and <c>evaluate</c> share, so no test clip ever trains.
/// </summary>
public static class ClipSelection
{
    /// <summary>The normal training clips of one machine type (and optionally one machine id or section).</summary>
    /// <param name="catalog">The discovered data set.</param>
    /// <param name="machineType">The machine type; may be omitted when the data holds only one.</param>
    /// <param name="machineId">A machine id or section, or null for all of the type's machines.</param>
    /// <exception cref="AuscultException">The type or id is not in the data, the type is ambiguous, or no clip trains.</exception>
    public static Selection Training(ClipCatalog catalog, string? machineType, string? machineId) =>
        Pick(catalog, machineType, machineId, split => split.Train, "normal training clips");

    /// <summary>The labelled test clips of one machine type (and optionally one machine id or section).</summary>
    public static Selection Test(ClipCatalog catalog, string? machineType, string? machineId) =>
        Pick(catalog, machineType, machineId, split => split.Test, "test clips");

    /// <summary>The share of labelled clips the supervised split holds out for testing, per label.</summary>
    public const double SupervisedTestFraction = 0.2;

    /// <summary>
    /// The labelled clips (normal and anomalous) a supervised model trains on: 80% of each label, whatever the layout's
    /// own split (the MIMII rule puts every anomaly in test, so it cannot train a classifier).
    /// </summary>
    public static Selection SupervisedTraining(ClipCatalog catalog, string? machineType, string? machineId) =>
        Pick(catalog, machineType, machineId, split => SupervisedPart(split, test: false), "labelled training clips");

    /// <summary>The other 20% of each label: the supervised test clips, also used to compare with the autoencoder.</summary>
    public static Selection SupervisedTest(ClipCatalog catalog, string? machineType, string? machineId) =>
        Pick(catalog, machineType, machineId, split => SupervisedPart(split, test: true), "labelled test clips");

    /// <summary>
    /// Stratified and stable: within each label, clips are ordered by a hash of their relative path and the first
    /// <see cref="SupervisedTestFraction"/> (rounded, at least one when a label has two or more clips) test. A pure
    /// function of the clips, so <c>train</c> and <c>evaluate</c> agree, and adding clips moves few others.
    /// </summary>
    private static IReadOnlyList<CatalogEntry> SupervisedPart(DatasetSplit split, bool test)
    {
        var labelled = split.Train.Concat(split.Test).Concat(split.Unused).Where(e => e.Label != ClipLabel.Unknown);
        var chosen = new List<CatalogEntry>();
        foreach (var label in labelled.GroupBy(e => e.Label))
        {
            var ordered = label.OrderBy(e => StableHash(e.RelativePath)).ThenBy(e => e.RelativePath, StringComparer.Ordinal).ToList();
            int testCount = ordered.Count < 2 ? 0 : Math.Max(1, (int)Math.Round(ordered.Count * SupervisedTestFraction));
            chosen.AddRange(test ? ordered.Take(testCount) : ordered.Skip(testCount));
        }

        return chosen.OrderBy(e => e.RelativePath, StringComparer.Ordinal).ToList();
    }

    /// <summary>FNV-1a over the UTF-16 code units: the same on every machine and runtime (string.GetHashCode is not).</summary>
    private static ulong StableHash(string text)
    {
        ulong hash = 14695981039346656037;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 1099511628211;
        }

        return hash;
    }

    private static Selection Pick(ClipCatalog catalog, string? machineType, string? machineId,
        Func<DatasetSplit, IReadOnlyList<CatalogEntry>> part, string what)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        IReadOnlyList<string> types = catalog.MachineTypes;
        string type = machineType ?? (types.Count == 1
            ? types[0]
            : throw new InputException(
                $"{catalog.Root}: the data holds several machine types ({string.Join(", ", types)}); choose one."));
        if (!types.Contains(type, StringComparer.Ordinal))
        {
            throw new InputException($"{catalog.Root}: machine type '{type}' is not in the data (found: {string.Join(", ", types)}).");
        }

        ClipCatalog ofType = catalog.Where(type);
        if (machineId is not null && !ofType.Entries.Any(e => e.MachineId == machineId))
        {
            var ids = ofType.Entries.Select(e => e.MachineId).Distinct().Order(StringComparer.Ordinal);
            throw new InputException($"{catalog.Root}: machine '{machineId}' of type '{type}' is not in the data (found: {string.Join(", ", ids)}).");
        }

        // Split the whole machine type first and filter after, so choosing one id never changes which clips train.
        var clips = part(DatasetSplitter.Split(ofType)).Where(e => machineId is null || e.MachineId == machineId).ToList();
        if (clips.Count == 0)
        {
            throw new InputException($"{catalog.Root}: there are no {what} for {type}{(machineId is null ? "" : " " + machineId)}.");
        }

        return new Selection(catalog.Root, type, machineId, clips);
    }

    /// <summary>The clips chosen, and for which machine type and id.</summary>
    public sealed record Selection(string Root, string MachineType, string? MachineId, IReadOnlyList<CatalogEntry> Clips);
}
