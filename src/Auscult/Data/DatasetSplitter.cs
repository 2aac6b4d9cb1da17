namespace Auscult.Data;

/// <summary>
/// Decides which clips train a model and which evaluate it. A pure function of the catalog's entries, so the
/// <c>train</c> and <c>evaluate</c> commands always agree and no test clip leaks into training.
/// </summary>
public static class DatasetSplitter
{
    /// <summary>Splits a catalog; see <see cref="Split(IEnumerable{CatalogEntry})"/>.</summary>
    public static DatasetSplit Split(ClipCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Split(catalog.Entries);
    }

    /// <summary>Splits clips by the data set's own split where it has one, and by the MIMII baseline rule otherwise.</summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Clips the data set puts in <see cref="DataSplit.Train"/> (DCASE <c>train/</c>): normal ones train, others are unused.</item>
    /// <item>Clips in <see cref="DataSplit.Test"/> (DCASE <c>test/</c>): all test.</item>
    /// <item>
    /// Unassigned clips (MIMII, plain folders, flat DCASE 2020 names), per machine type and id: normal and anomalous
    /// clips each sorted by relative path (ordinal); test = every anomaly plus the first <c>count(anomalies)</c>
    /// normals; train = the remaining normals; unlabelled clips are unused. This is the MIMII baseline's
    /// <c>dataset_generator</c> (MIMII-hitachi/mimii_baseline, baseline.py): <c>train_files =
    /// normal_files[len(abnormal_files):]</c>, <c>eval_files = normal_files[:len(abnormal_files)] + abnormal_files</c>
    /// over <c>sorted(glob(...))</c>, and the DCASE 2020 baseline's for its development data.
    /// </item>
    /// </list>
    /// Because the rule only looks inside one machine id, filtering by machine type or id commutes with splitting.
    /// </remarks>
    public static DatasetSplit Split(IEnumerable<CatalogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var all = entries.OrderBy(e => e.RelativePath, StringComparer.Ordinal).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
        var train = new HashSet<CatalogEntry>(ReferenceEqualityComparer.Instance);
        var test = new HashSet<CatalogEntry>(ReferenceEqualityComparer.Instance);

        foreach (var entry in all)
        {
            if (entry.Split == DataSplit.Train && entry.Label == ClipLabel.Normal)
            {
                train.Add(entry);
            }
            else if (entry.Split == DataSplit.Test)
            {
                test.Add(entry);
            }
        }

        var unassigned = all.Where(e => e.Split == DataSplit.Unassigned)
            .GroupBy(e => (e.MachineType, e.MachineId));
        foreach (var machine in unassigned)
        {
            var normals = machine.Where(e => e.Label == ClipLabel.Normal).ToList(); // already in ordinal path order
            var anomalies = machine.Where(e => e.Label == ClipLabel.Anomaly).ToList();
            int heldOut = Math.Min(anomalies.Count, normals.Count);
            test.UnionWith(anomalies);
            test.UnionWith(normals.Take(heldOut));
            train.UnionWith(normals.Skip(heldOut));
        }

        return new DatasetSplit(
            all.Where(train.Contains).ToList(),
            all.Where(test.Contains).ToList(),
            all.Where(e => !train.Contains(e) && !test.Contains(e)).ToList());
    }
}
