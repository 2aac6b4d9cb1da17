namespace Auscult.Data;

/// <summary>One clip of a data set, with everything its path and name say about it.</summary>
/// <param name="Path">The absolute path of the WAV file.</param>
/// <param name="RelativePath">The path below the catalog's root, with '/' separators.</param>
/// <param name="MachineType">The machine type (<c>fan</c>, <c>ToyCar</c>, ...), or the folder name when the layout has none.</param>
/// <param name="MachineId">The machine id (<c>id_00</c>) or DCASE 2021+ section (<c>section_00</c>), or the folder name.</param>
/// <param name="Domain">The DCASE 2021+ domain, or <see cref="Domain.None"/>.</param>
/// <param name="Split">The split the data set itself assigns (folder or name), or <see cref="DataSplit.Unassigned"/>.</param>
/// <param name="Label">The ground truth.</param>
public sealed record CatalogEntry(
    string Path,
    string RelativePath,
    string MachineType,
    string MachineId,
    Domain Domain,
    DataSplit Split,
    ClipLabel Label)
{
    private static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();

    /// <summary>The kind of an anomalous clip when a <c>manifest.csv</c> says (synthetic data: e.g. <c>unbalance</c>); null otherwise.</summary>
    public string? AnomalyKind { get; init; }

    /// <summary>
    /// DCASE 2021+ attributes from the end of the file name, e.g. <c>..._0044_pat_03.wav</c> gives
    /// <c>{ pat: 03 }</c>; a lone trailing token (<c>noAttribute</c>) maps to an empty value. Empty for other layouts.
    /// </summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = NoAttributes;

    /// <summary>The MIMII signal-to-noise ratio in dB from a <c>&lt;snr&gt;_dB_&lt;type&gt;</c> folder (6, 0, -6), or null.</summary>
    public int? SnrDb { get; init; }

    /// <summary>
    /// A key unique within a catalog: the data set's split and the relative path (DCASE reuses file names across
    /// train and test, so a bare file name is not enough).
    /// </summary>
    public string Key => $"{Split}:{RelativePath}";

    /// <summary>The file name without folders.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);
}
