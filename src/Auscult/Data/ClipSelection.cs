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

    private static Selection Pick(ClipCatalog catalog, string? machineType, string? machineId,
        Func<DatasetSplit, IReadOnlyList<CatalogEntry>> part, string what)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        IReadOnlyList<string> types = catalog.MachineTypes;
        string type = machineType ?? (types.Count == 1
            ? types[0]
            : throw new AuscultException(
                $"{catalog.Root}: the data holds several machine types ({string.Join(", ", types)}); choose one with --machine-type."));
        if (!types.Contains(type, StringComparer.Ordinal))
        {
            throw new AuscultException($"{catalog.Root}: machine type '{type}' is not in the data (found: {string.Join(", ", types)}).");
        }

        ClipCatalog ofType = catalog.Where(type);
        if (machineId is not null && !ofType.Entries.Any(e => e.MachineId == machineId))
        {
            var ids = ofType.Entries.Select(e => e.MachineId).Distinct().Order(StringComparer.Ordinal);
            throw new AuscultException($"{catalog.Root}: machine '{machineId}' of type '{type}' is not in the data (found: {string.Join(", ", ids)}).");
        }

        // Split the whole machine type first and filter after, so choosing one id never changes which clips train.
        var clips = part(DatasetSplitter.Split(ofType)).Where(e => machineId is null || e.MachineId == machineId).ToList();
        if (clips.Count == 0)
        {
            throw new AuscultException($"{catalog.Root}: there are no {what} for {type}{(machineId is null ? "" : " " + machineId)}.");
        }

        return new Selection(catalog.Root, type, machineId, clips);
    }

    /// <summary>The clips chosen, and for which machine type and id.</summary>
    public sealed record Selection(string Root, string MachineType, string? MachineId, IReadOnlyList<CatalogEntry> Clips);
}
