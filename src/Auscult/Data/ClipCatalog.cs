using Auscult.Audio;
namespace Auscult.Data;

/// <summary>
/// The clips of a data set folder, read from its folder layout and file names: machine type and id, split, label,
/// domain and attributes.
/// </summary>
public sealed class ClipCatalog
{
    private ClipCatalog(string root, DatasetLayout layout, IReadOnlyList<CatalogEntry> entries, int ignored)
    {
        Root = root;
        Layout = layout;
        Entries = entries;
        Ignored = ignored;
    }

    /// <summary>The absolute path of the folder that was discovered.</summary>
    public string Root { get; }

    /// <summary>The layout the folder was recognised as.</summary>
    public DatasetLayout Layout { get; }

    /// <summary>The clips, ordered by relative path (ordinal).</summary>
    public IReadOnlyList<CatalogEntry> Entries { get; }

    /// <summary>
    /// WAV files under the root whose path does not fit the recognised layout; they are left out rather than
    /// guessed at.
    /// </summary>
    public int Ignored { get; }

    /// <summary>Finds every WAV file under <paramref name="root"/>, recognises the layout and reads each clip's facts.</summary>
    /// <remarks>
    /// The root may be the top of a data set or any folder inside it (an SNR, type or id folder of MIMII; a type
    /// folder of DCASE): folder names above the root are used for the type and id. When files fit several layouts the
    /// one that explains the most files wins (ties: DCASE 2021+, DCASE 2020, MIMII, plain folders); files that fit only
    /// another layout are counted in <see cref="Ignored"/>. A <c>manifest.csv</c> with <c>path</c> and
    /// <c>anomaly_kind</c> columns (as <c>auscult synth</c> writes) in the root or up to three folders above it gives
    /// each anomalous clip its <see cref="CatalogEntry.AnomalyKind"/>.
    /// </remarks>
    /// <exception cref="AuscultException">
    /// The folder does not exist, holds no WAV files, or none of its WAV files fits a known layout; the message names
    /// the folder and lists the layouts.
    /// </exception>
    public static ClipCatalog Discover(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        string fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!Directory.Exists(fullRoot))
        {
            string what = File.Exists(fullRoot) ? "is a file, not a folder" : "does not exist";
            throw new InputException($"Data folder '{fullRoot}' {what}.\n{LayoutMatcher.ExpectedLayouts}");
        }

        var files = WavFiles.Under(fullRoot)
            .Select(f => (Path: f, Relative: Path.GetRelativePath(fullRoot, f).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new InputException($"Data folder '{fullRoot}' contains no .wav files.\n{LayoutMatcher.ExpectedLayouts}");
        }

        List<CatalogEntry>? best = null;
        DatasetLayout bestLayout = default;
        foreach (var layout in LayoutMatcher.Priority)
        {
            var matches = files.Select(f => LayoutMatcher.Match(layout, f.Path, f.Relative)).OfType<CatalogEntry>().ToList();
            if (matches.Count > (best?.Count ?? 0))
            {
                (best, bestLayout) = (matches, layout);
            }
        }

        if (best is null)
        {
            string examples = string.Join(", ", files.Take(3).Select(f => f.Relative));
            throw new InputException(
                $"Data folder '{fullRoot}' has {files.Count} .wav file{(files.Count == 1 ? "" : "s")} ({examples}{(files.Count > 3 ? ", ..." : "")}) " +
                $"but none is in a recognised layout.\n{LayoutMatcher.ExpectedLayouts}");
        }

        return new ClipCatalog(fullRoot, bestLayout, ManifestKinds.Apply(fullRoot, best), files.Count - best.Count);
    }

    /// <summary>
    /// The clips of one machine type and/or id (case-insensitive; null means any). Splits are decided per machine id,
    /// so filtering before or after <see cref="DatasetSplitter.Split(ClipCatalog)"/> gives the same clips.
    /// </summary>
    public ClipCatalog Where(string? machineType = null, string? machineId = null)
    {
        var kept = Entries.Where(e =>
                (machineType is null || e.MachineType.Equals(machineType, StringComparison.OrdinalIgnoreCase)) &&
                (machineId is null || e.MachineId.Equals(machineId, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return new ClipCatalog(Root, Layout, kept, Ignored);
    }

    /// <summary>Distinct machine types, ordinal order.</summary>
    public IReadOnlyList<string> MachineTypes =>
        Entries.Select(e => e.MachineType).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>Counts per machine type, id, split (as <see cref="DatasetSplitter"/> assigns it) and label, for <c>auscult info</c>.</summary>
    public CatalogSummary Summarize() => CatalogSummary.Of(this);
}
